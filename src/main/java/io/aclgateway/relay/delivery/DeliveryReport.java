package io.aclgateway.relay.delivery;

import java.util.Arrays;
import java.util.BitSet;

/** What became of each message of one delivery, by its position in the delivery. */
public final class DeliveryReport {

	/** What became of one message. */
	public enum Outcome {

		/** On the queue. */
		ACKNOWLEDGED,

		/** Not on the queue: the queue failed or was unreachable, or an operator must fix it. A resend may succeed. */
		FAILED,

		/** Refused by the queue for its content (a gap in our own validation); a resend never succeeds. */
		REJECTED,

		/** Not sent because an earlier message of its room was rejected: sending it would break the room's order. */
		HELD

	}

	private final Outcome[] outcomes;

	public DeliveryReport(Outcome[] outcomes) {
		this.outcomes = outcomes.clone();
	}

	/** Acknowledged where the bit is set, failed elsewhere. */
	public DeliveryReport(int size, BitSet acknowledged) {
		this.outcomes = new Outcome[size];
		for (int i = 0; i < size; i++) {
			outcomes[i] = acknowledged.get(i) ? Outcome.ACKNOWLEDGED : Outcome.FAILED;
		}
	}

	public Outcome outcome(int index) {
		return outcomes[index];
	}

	public boolean isAcknowledged(int index) {
		return outcomes[index] == Outcome.ACKNOWLEDGED;
	}

	public int acknowledgedCount() {
		return (int) Arrays.stream(outcomes).filter(Outcome.ACKNOWLEDGED::equals).count();
	}

	public boolean allAcknowledged() {
		return acknowledgedCount() == outcomes.length;
	}

	/** Whether the queue itself failed some message: what its circuit breaker counts. */
	public boolean queueFailed() {
		return Arrays.asList(outcomes).contains(Outcome.FAILED);
	}

	public int size() {
		return outcomes.length;
	}

}
