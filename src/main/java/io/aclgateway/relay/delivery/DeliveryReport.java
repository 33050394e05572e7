package io.aclgateway.relay.delivery;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import io.aclgateway.relay.translation.LegacyMessage;

/**
 * What became of each message of one delivery. It answers for the very message instances
 * that were handed to {@link LegacyMessageSender#send}, so that a caller asks about its
 * own messages and never counts positions.
 */
public final class DeliveryReport {

	/** What became of one message. */
	public enum Outcome {

		/** On the queue. */
		ACKNOWLEDGED,

		/**
		 * Not on the queue: the queue failed or was unreachable, or an operator must fix
		 * it. A resend may succeed.
		 */
		FAILED,

		/**
		 * Refused by the queue for its content (a gap in our own validation); a resend
		 * never succeeds.
		 */
		REJECTED,

		/**
		 * Not sent because an earlier message of its room was rejected: sending it would
		 * break the room's order.
		 */
		HELD,

		/** Not sent because no queue is configured: nothing was tried. */
		NO_QUEUE

	}

	private final List<LegacyMessage> messages;

	private final List<Outcome> outcomes;

	private final Map<LegacyMessage, Outcome> byMessage = new IdentityHashMap<>();

	private DeliveryReport(List<LegacyMessage> messages, List<Outcome> outcomes) {
		if (messages.size() != outcomes.size()) {
			throw new IllegalArgumentException(
					"one outcome per message: " + messages.size() + " messages, " + outcomes.size() + " outcomes");
		}
		this.messages = List.copyOf(messages);
		this.outcomes = List.copyOf(outcomes);
		for (int i = 0; i < messages.size(); i++) {
			byMessage.put(messages.get(i), outcomes.get(i));
		}
	}

	/**
	 * The outcomes of the messages, one each, in the order the messages were handed over.
	 */
	public static DeliveryReport of(List<LegacyMessage> messages, List<Outcome> outcomes) {
		return new DeliveryReport(messages, outcomes);
	}

	/** The same outcome for every message, e.g. failed when the queue was not tried. */
	public static DeliveryReport all(List<LegacyMessage> messages, Outcome outcome) {
		return new DeliveryReport(messages, Collections.nCopies(messages.size(), outcome));
	}

	/** What became of a message of this delivery (the instance handed over). */
	public Outcome outcomeOf(LegacyMessage message) {
		Outcome outcome = byMessage.get(message);
		if (outcome == null) {
			throw new IllegalArgumentException("message " + message.eid() + " was not part of this delivery");
		}
		return outcome;
	}

	/** The messages the queue acknowledged, in the order they were handed over. */
	public List<LegacyMessage> acknowledged() {
		List<LegacyMessage> acknowledged = new ArrayList<>();
		for (int i = 0; i < messages.size(); i++) {
			if (outcomes.get(i) == Outcome.ACKNOWLEDGED) {
				acknowledged.add(messages.get(i));
			}
		}
		return acknowledged;
	}

	public boolean allAcknowledged() {
		return outcomes.stream().allMatch(Outcome.ACKNOWLEDGED::equals);
	}

	/**
	 * Whether some message is not on the queue for a reason a resend may cure (the queue
	 * failed, or there is none): what the queue's circuit breaker counts, and what makes
	 * the answer "unavailable".
	 */
	public boolean queueFailed() {
		return outcomes.contains(Outcome.FAILED) || outcomes.contains(Outcome.NO_QUEUE);
	}

	public int size() {
		return outcomes.size();
	}

	@Override
	public String toString() {
		return "DeliveryReport" + outcomes;
	}

}
