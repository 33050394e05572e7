package io.aclgateway.relay.core;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import reactor.core.publisher.Mono;

import io.aclgateway.relay.contract.EventProblem;
import io.aclgateway.relay.contract.FalconEvent;
import io.aclgateway.relay.contract.FalconEventReader;
import io.aclgateway.relay.contract.InvalidEventException;
import io.aclgateway.relay.core.RelayOutcome.Invalid;
import io.aclgateway.relay.core.RelayOutcome.Mistranslated;
import io.aclgateway.relay.core.RelayOutcome.Settled;
import io.aclgateway.relay.delivery.DeliveryReport;
import io.aclgateway.relay.delivery.DeliveryReport.Outcome;
import io.aclgateway.relay.delivery.LegacyMessageSender;
import io.aclgateway.relay.delivery.MessageCheck;
import io.aclgateway.relay.translation.LegacyMessage;
import io.aclgateway.relay.translation.LegacySchema;
import io.aclgateway.relay.translation.LegacyTranslator;

/**
 * The relay as events.md 1.2 says: every event read, translated and its messages checked
 * (against the legacy JSON Schema, then the queue's limits) before anything is sent; then
 * all messages in one delivery, in the batch's order (the sender keeps each room's
 * order); then each event's fate from what became of its own messages.
 */
public final class TranslatingEventRelay implements EventRelay {

	private final FalconEventReader reader;

	private final LegacyTranslator translator;

	private final LegacySchema schema;

	private final MessageCheck check;

	private final LegacyMessageSender sender;

	private final RoomLedger ledger;

	public TranslatingEventRelay(FalconEventReader reader, LegacyTranslator translator, LegacySchema schema,
			MessageCheck check, LegacyMessageSender sender, RoomLedger ledger) {
		this.reader = reader;
		this.translator = translator;
		this.schema = schema;
		this.check = check;
		this.sender = sender;
		this.ledger = ledger;
	}

	@Override
	public Mono<RelayOutcome> relay(List<IncomingEvent> batch) {
		Optional<String> duplicate = duplicateId(batch);
		if (duplicate.isPresent()) {
			return Mono.just(new RelayOutcome.DuplicateId(duplicate.get()));
		}
		List<Translated> translated = new ArrayList<>(batch.size());
		List<Invalid> invalid = new ArrayList<>();
		List<Mistranslated> mistranslated = new ArrayList<>();
		for (IncomingEvent incoming : batch) {
			try {
				FalconEvent event = reader.read(incoming.document());
				List<LegacyMessage> messages = translator.translate(event);
				Optional<Mistranslated> mistranslation = mistranslation(incoming, event, messages);
				if (mistranslation.isPresent()) {
					mistranslated.add(mistranslation.get());
					continue;
				}
				checkLimits(messages);
				translated.add(new Translated(incoming, event, messages));
			}
			catch (InvalidEventException ex) {
				invalid.add(new Invalid(incoming, ex.problem()));
			}
		}
		// The events' own faults first: Falcon must fix those whatever the gateway's bug.
		if (!invalid.isEmpty()) {
			return Mono.just(new RelayOutcome.InvalidEvents(batch, invalid));
		}
		if (!mistranslated.isEmpty()) {
			return Mono.just(new RelayOutcome.TranslationFault(batch, mistranslated));
		}
		return send(translated);
	}

	/**
	 * The event's first legacy message the legacy JSON Schema refuses, if any: checked on
	 * every message, from every intake, so that a translator bug never reaches PHP.
	 */
	private Optional<Mistranslated> mistranslation(IncomingEvent incoming, FalconEvent event,
			List<LegacyMessage> messages) {
		for (LegacyMessage message : messages) {
			List<String> violations = schema.violations(message);
			if (!violations.isEmpty()) {
				return Optional.of(new Mistranslated(incoming, event, message.cmd(), violations));
			}
		}
		return Optional.empty();
	}

	/**
	 * The first id that two events of the batch share, read from the raw events (before
	 * validation).
	 */
	private static Optional<String> duplicateId(List<IncomingEvent> batch) {
		Set<String> ids = new HashSet<>();
		for (IncomingEvent event : batch) {
			String id = event.id();
			if (id != null && !ids.add(id)) {
				return Optional.of(id);
			}
		}
		return Optional.empty();
	}

	/**
	 * Refuses the event when the queue side would refuse one of its well-formed messages
	 * (today: too large for the consumers).
	 */
	private void checkLimits(List<LegacyMessage> messages) {
		for (LegacyMessage message : messages) {
			Optional<EventProblem> problem = check.problem(message);
			if (problem.isPresent()) {
				throw new InvalidEventException(problem.get().code(), problem.get().detail());
			}
		}
	}

	/**
	 * Events of a room the ledger holds are not sent (nor are their later events, being
	 * of the same room); the rest go in one delivery, their rooms pending until it is
	 * over.
	 */
	private Mono<RelayOutcome> send(List<Translated> translated) {
		return Mono.defer(() -> {
			List<Planned> plan = translated.stream()
				.map(event -> new Planned(event, ledger.isHeld(event.event().roomId())))
				.toList();
			List<LegacyMessage> messages = plan.stream()
				.filter(planned -> !planned.held())
				.flatMap(planned -> planned.translated().messages().stream())
				.toList();
			plan.stream().filter(planned -> !planned.held()).forEach(planned -> ledger.pending(planned.roomId()));
			AtomicBoolean settled = new AtomicBoolean();
			Mono<DeliveryReport> delivery = messages.isEmpty() ? Mono.just(DeliveryReport.of(List.of(), List.of()))
					: sender.send(messages);
			return delivery.<RelayOutcome>map(report -> {
				settled.set(true);
				return settle(plan, report);
			}).doFinally(signal -> {
				if (!settled.get()) {
					// Cancelled or failed mid-send: the rooms are no longer pending, and
					// nothing is known delivered.
					plan.stream()
						.filter(planned -> !planned.held())
						.forEach(planned -> ledger.settled(planned.roomId(), EventFate.QUEUE_UNAVAILABLE));
				}
			});
		});
	}

	private RelayOutcome.Relayed settle(List<Planned> plan, DeliveryReport report) {
		List<Settled> events = new ArrayList<>(plan.size());
		for (Planned planned : plan) {
			Translated t = planned.translated();
			EventFate fate = planned.held() ? EventFate.HELD : fateOf(t.messages(), report);
			if (!planned.held()) {
				ledger.settled(planned.roomId(), fate);
			}
			events.add(new Settled(t.incoming(), t.event(), t.messages(), fate));
		}
		return new RelayOutcome.Relayed(events, report.queueFailed());
	}

	/**
	 * An event's fate from its own messages: rejected if the queue refused any of them
	 * for its content, else unavailable if the queue failed any, else held if any waited
	 * behind its room, else delivered.
	 */
	private static EventFate fateOf(List<LegacyMessage> messages, DeliveryReport report) {
		List<Outcome> outcomes = messages.stream().map(report::outcomeOf).toList();
		if (outcomes.contains(Outcome.REJECTED)) {
			return EventFate.REJECTED_BY_QUEUE;
		}
		if (outcomes.contains(Outcome.FAILED)) {
			return EventFate.QUEUE_UNAVAILABLE;
		}
		if (outcomes.contains(Outcome.NO_QUEUE)) {
			return EventFate.NO_QUEUE;
		}
		if (outcomes.contains(Outcome.HELD)) {
			return EventFate.HELD;
		}
		return EventFate.DELIVERED;
	}

	/** A valid event and its legacy messages, ready to send. */
	private record Translated(IncomingEvent incoming, FalconEvent event, List<LegacyMessage> messages) {
	}

	/** A valid event, and whether its room is held so that it is not sent. */
	private record Planned(Translated translated, boolean held) {

		long roomId() {
			return translated.event().roomId();
		}

	}

}
