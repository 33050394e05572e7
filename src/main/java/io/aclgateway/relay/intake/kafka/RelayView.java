package io.aclgateway.relay.intake.kafka;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * What this replica's relay is doing, as {@code /actuator/relay} shows it (events.md
 * 5.2.5): the partitions it owns, the rooms furthest behind, the held rooms and the
 * releases in force. A snapshot the consumer thread publishes about once a second.
 *
 * @param at when the snapshot was taken
 * @param running whether the intake's consumer loop runs
 * @param partitions the partitions this replica owns
 * @param furthestBehind the rooms whose oldest record read and not yet delivered is
 * oldest, oldest first (at most 20)
 * @param heldRooms the rooms held behind a record that could not be delivered
 * @param releases the entries of the release file in force
 */
public record RelayView(Instant at, boolean running, List<PartitionView> partitions, List<RoomBehind> furthestBehind,
		List<HeldRoomView> heldRooms, List<ReleaseView> releases) {

	/** Nothing owned, nothing known: before the first snapshot. */
	static RelayView empty(Instant at) {
		return new RelayView(at, false, List.of(), List.of(), List.of(), List.of());
	}

	/**
	 * One owned partition.
	 *
	 * @param topic the source topic
	 * @param partition the partition
	 * @param committed the position last committed (-1: none yet by this replica)
	 * @param pendingRecords records read and not yet done
	 * @param stateRestored whether the partition's room memory is read back (until then
	 * nothing of it is relayed)
	 */
	public record PartitionView(String topic, int partition, long committed, int pendingRecords,
			boolean stateRestored) {
	}

	/**
	 * A room with records read and not yet delivered.
	 *
	 * @param room the room (the records' key)
	 * @param topic the source topic
	 * @param partition its partition
	 * @param oldestPendingSeconds how long ago its oldest record not yet delivered was
	 * read
	 * @param pendingRecords its records read and not yet delivered
	 */
	public record RoomBehind(String room, String topic, int partition, double oldestPendingSeconds,
			int pendingRecords) {
	}

	/**
	 * A held room.
	 *
	 * @param room the room
	 * @param topic the source topic
	 * @param partition its partition
	 * @param offset the held record's offset
	 * @param eid the held event's id, if it has a usable one
	 * @param reason why it could not be delivered (its error code)
	 * @param detail the problem in words
	 * @param deadLettered whether it is on the dead-letter queue
	 * @param parkedRecords the room's later records waiting in the parking topic
	 * @param draining whether a release is being applied (parked records flowing)
	 */
	public record HeldRoomView(String room, String topic, int partition, long offset, @Nullable String eid,
			String reason, String detail, boolean deadLettered, int parkedRecords, boolean draining) {
	}

	/**
	 * An entry of the release file.
	 *
	 * @param room the room
	 * @param eid the held event it names, if by id
	 * @param offset the held record it names, if by offset
	 * @param action skip or redeliver
	 * @param reason the operator's reason
	 */
	public record ReleaseView(long room, @Nullable String eid, @Nullable Long offset, String action, String reason) {
	}

}
