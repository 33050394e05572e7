package io.aclgateway.relay.core;

import java.util.List;

import io.aclgateway.relay.contract.EventProblem;
import io.aclgateway.relay.contract.FalconEvent;
import io.aclgateway.relay.translation.LegacyMessage;

/**
 * What became of one batch: refused before anything was sent, or relayed with a fate per
 * event.
 */
public sealed interface RelayOutcome {

	/** Two events of the batch have the same id: nothing was read or sent. */
	record DuplicateId(String id) implements RelayOutcome {
	}

	/** At least one event is invalid: nothing was sent (events.md 1.2.1). */
	record InvalidEvents(List<IncomingEvent> batch, List<Invalid> invalid) implements RelayOutcome {

		public InvalidEvents {
			batch = List.copyOf(batch);
			invalid = List.copyOf(invalid);
		}

	}

	/** One invalid event and its first problem. */
	record Invalid(IncomingEvent event, EventProblem problem) {
	}

	/**
	 * Every event was valid, but the translator made a legacy message of some event that
	 * the legacy JSON Schema refuses: the gateway's fault, not the events'. Nothing was
	 * sent (a translator bug must never reach the legacy consumers).
	 */
	record TranslationFault(List<IncomingEvent> batch, List<Mistranslated> mistranslated) implements RelayOutcome {

		public TranslationFault {
			batch = List.copyOf(batch);
			mistranslated = List.copyOf(mistranslated);
		}

	}

	/**
	 * A valid event, the command of its first legacy message the schema refuses, and what
	 * the schema says (places and rules only, no message content: fit for logs).
	 */
	record Mistranslated(IncomingEvent incoming, FalconEvent event, String command, List<String> violations) {

		public Mistranslated {
			violations = List.copyOf(violations);
		}

	}

	/**
	 * Every event was valid and has its fate, in the batch's order.
	 * {@code queueUnavailable}: the queue failed some message, or there is none, so a
	 * resend may succeed.
	 */
	record Relayed(List<Settled> events, boolean queueUnavailable) implements RelayOutcome {

		public Relayed {
			events = List.copyOf(events);
		}

		/** Whether every event is on the queue (or was already). */
		public boolean allDelivered() {
			return events.stream().allMatch(settled -> settled.fate().isDelivered());
		}

	}

	/** A valid event, its legacy messages, and what became of them. */
	record Settled(IncomingEvent incoming, FalconEvent event, List<LegacyMessage> messages, EventFate fate) {

		public Settled {
			messages = List.copyOf(messages);
		}

	}

}
