package io.aclgateway.relay.delivery;

import java.util.BitSet;

/** Which messages of one delivery the queue acknowledged, by their position in the delivery. */
public final class DeliveryReport {

	private final int size;

	private final BitSet acknowledged;

	public DeliveryReport(int size, BitSet acknowledged) {
		this.size = size;
		this.acknowledged = (BitSet) acknowledged.clone();
	}

	public boolean isAcknowledged(int index) {
		return acknowledged.get(index);
	}

	public int acknowledgedCount() {
		return acknowledged.cardinality();
	}

	public boolean allAcknowledged() {
		return acknowledged.cardinality() == size;
	}

	public int size() {
		return size;
	}

}
