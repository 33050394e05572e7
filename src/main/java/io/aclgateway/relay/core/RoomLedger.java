package io.aclgateway.relay.core;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The relay's state per room: which rooms have events on their way to the queue, when a
 * room last had an event delivered, and which rooms are held. The relay writes it around
 * every send; shadow reads ask it whether a room is lagging (shadow.md section 2); the
 * Kafka issue makes it durable and shared by every replica (a compacted topic keyed by
 * room) and adds what was delivered per room.
 */
public interface RoomLedger {

	/** An event of the room is about to be sent. */
	void pending(long roomId);

	/**
	 * That event's send is over, with this fate ({@link EventFate#QUEUE_UNAVAILABLE} when
	 * it was abandoned).
	 */
	void settled(long roomId, EventFate fate);

	/**
	 * Whether the room's events must wait behind an earlier one an operator has not
	 * released yet.
	 */
	boolean isHeld(long roomId);

	/** When an event of the room was last delivered, if the ledger still remembers. */
	Optional<Instant> lastDelivered(long roomId);

	/**
	 * Whether the room has events pending, or had one delivered less than {@code window}
	 * ago: a shadow read that differs for such a room is {@code lagging}, not
	 * {@code mismatch}.
	 */
	boolean isBusy(long roomId, Duration window);

}
