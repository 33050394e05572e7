package io.aclgateway.relay.intake.kafka;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.aclgateway.relay.intake.kafka.CloudEventRecords.Read;
import io.aclgateway.relay.intake.kafka.ParkingLot.Mark;
import io.aclgateway.relay.intake.kafka.ParkingLot.Parked;
import io.aclgateway.relay.release.RoomRelease;

/**
 * One owned partition's held rooms (docs/design/relay-state.md 6.4): a room is held
 * behind a record that cannot be delivered; that record and every later record of the
 * room wait in the parking topic, and each source offset is done once its parked copy is
 * acknowledged, so the partition's commit moves on and the other rooms flow. An
 * operator's release (skip or redeliver the held record) drains the room: its parked
 * records re-enter the partition's flow in offset order, ahead of its live records, which
 * keep being parked until the drain is over. Touched by the consumer thread only;
 * acknowledgements come back through {@code loop}.
 */
final class HeldRooms {

	private static final Logger logger = LoggerFactory.getLogger(HeldRooms.class);

	private final TopicPartition partition;

	private final ParkingLot parking;

	private final DeadLetters deadLetters;

	private final Executor loop;

	private final Flow flow;

	private final Totals totals;

	private final Map<String, Room> rooms = new HashMap<>();

	/**
	 * Parked records per held room before the partition waits: they are kept in memory
	 * for the drain as well as in the parking topic.
	 */
	private final int maxParkedPerRoom;

	private List<RoomRelease> lastReleases = List.of();

	private boolean closed;

	HeldRooms(TopicPartition partition, ParkingLot parking, DeadLetters deadLetters, Executor loop, Flow flow,
			Totals totals, int maxParkedPerRoom) {
		this.maxParkedPerRoom = maxParkedPerRoom;
		this.partition = partition;
		this.parking = parking;
		this.deadLetters = deadLetters;
		this.loop = loop;
		this.flow = flow;
		this.totals = totals;
	}

	/** What the partition's flow does for held rooms. */
	interface Flow {

		/**
		 * The source record at this offset needs nothing more (its parked copy is safe).
		 */
		void done(long offset);

		/**
		 * Relay these parked records (in this order) ahead of the partition's live
		 * records; their source offsets are committed already.
		 */
		void ahead(List<SourceRecord> records);

		/**
		 * An operator skipped the room's held record: the room's memory counts it as
		 * done, so that a replay does not hold the room again.
		 */
		void skipped(SourceRecord record);

	}

	/** The held rooms and parked records of every owned partition, for the gauges. */
	record Totals(AtomicLong rooms, AtomicLong parked) {
	}

	/** What became of a parked record relayed again. */
	sealed interface Relayed {

		/** On the queue. */
		record Delivered() implements Relayed {
		}

		/** Cannot be delivered: the room is held behind it. */
		record Bad(String reason, String detail, @Nullable String eid) implements Relayed {
		}

	}

	private enum State {

		HELD, DRAINING

	}

	private static final class Room {

		private SourceRecord held;

		private @Nullable String eid;

		private Mark mark;

		private State state = State.HELD;

		/** Later records parked and not yet delivered, by source offset. */
		private final TreeMap<Long, SourceRecord> parked = new TreeMap<>();

		/** Offsets handed to the flow and not yet settled (the held one too). */
		private final Set<Long> relaying = new HashSet<>();

		/** Whether the full parking was reported (once per hold). */
		private boolean fullReported;

		/** The release applied to this hold, so that it is applied once. */
		private @Nullable RoomRelease applied;

		Room(SourceRecord held, @Nullable String eid, Mark mark) {
			this.held = held;
			this.eid = eid;
			this.mark = mark;
		}

	}

	/**
	 * Rebuilds the partition's held rooms from its parking partition, read to its end.
	 */
	void restore(List<Parked> records) {
		List<Parked> later = new ArrayList<>();
		for (Parked parked : records) {
			Mark mark = parked.mark();
			if (mark != null) {
				Room room = new Room(parked.record(), eventId(parked.record()), mark);
				if (mark.released() != null) {
					// Released before: the drain goes on where it stopped.
					room.state = State.DRAINING;
				}
				rooms.put(parked.record().room(), room);
			}
			else {
				later.add(parked);
			}
		}
		for (Parked parked : later) {
			Room room = rooms.get(parked.record().room());
			// Without its held record the room was never held for good: the source
			// offset was not committed past it, and the record is read again.
			if (room != null && parked.record().offset() > room.held.offset()) {
				room.parked.put(parked.record().offset(), parked.record());
			}
		}
		rooms.forEach((key, room) -> {
			totals.rooms().incrementAndGet();
			totals.parked().addAndGet(room.parked.size());
			logger.warn("Room {} of {} is held behind {}@{} ({}: {}), {} records parked{}", key, partition,
					eventLabel(room), room.held.offset(), room.mark.reason(), room.mark.detail(), room.parked.size(),
					(room.state == State.DRAINING) ? ", released, draining" : "");
		});
		rooms.values().stream().filter(room -> room.state == State.DRAINING).toList().forEach(this::drain);
	}

	/**
	 * A live record of a held or draining room is taken here: parked (done once the
	 * parking topic has it) or, when it is parked already, done at once. A record of any
	 * other room, or one before its room's held record, is not taken.
	 */
	boolean takes(SourceRecord record) {
		Room room = rooms.get(record.room());
		if (room == null || record.offset() < room.held.offset()) {
			return false;
		}
		if (record.offset() == room.held.offset() || room.parked.containsKey(record.offset())) {
			flow.done(record.offset());
			return true;
		}
		room.parked.put(record.offset(), record);
		totals.parked().incrementAndGet();
		deadLetters.parked();
		park(record, null, () -> flow.done(record.offset()));
		return true;
	}

	/**
	 * Whether the record belongs to a held room whose parking is full: it is not taken
	 * and the partition waits behind it (its records stay uncommitted, nothing is lost),
	 * rather than park without bound (relay-state.md 6.4: pinning is the lesser evil).
	 */
	boolean isFull(SourceRecord record) {
		Room room = rooms.get(record.room());
		if (room == null || record.offset() <= room.held.offset() || room.parked.containsKey(record.offset())
				|| room.parked.size() < maxParkedPerRoom) {
			return false;
		}
		if (!room.fullReported) {
			room.fullReported = true;
			logger.error(
					"Room {} of {} has {} records parked behind {}@{} (the most per room): the partition waits"
							+ " until the room is released",
					record.room(), partition, room.parked.size(), eventLabel(room), room.held.offset());
		}
		return true;
	}

	/**
	 * A live record that cannot be delivered: dead-lettered, parked as its room's held
	 * record, then done; the room's later records are parked behind it.
	 */
	void hold(SourceRecord record, String reason, String detail, @Nullable String eid) {
		Room room = new Room(record, eid, new Mark(reason, detail, false, null));
		rooms.put(record.room(), room);
		totals.rooms().incrementAndGet();
		deadLetter(room, reason, detail, () -> flow.done(record.offset()));
	}

	private void deadLetter(Room room, String reason, String detail, Runnable after) {
		SourceRecord record = room.held;
		deadLetters.send(record, reason, detail, room.eid).thenAccept(sent -> loop.execute(() -> {
			if (closed) {
				return;
			}
			room.mark = new Mark(reason, detail, sent, null);
			park(record, room.mark, after);
		}));
	}

	/**
	 * Whether a parked record handed to the flow may be relayed now: its room is still
	 * draining (not held again behind an earlier one).
	 */
	boolean mayRelay(SourceRecord record) {
		Room room = rooms.get(record.room());
		return room != null && room.state == State.DRAINING && room.relaying.contains(record.offset());
	}

	/** A parked record relayed again has its fate. */
	void relayed(SourceRecord record, Relayed outcome) {
		Room room = rooms.get(record.room());
		if (room == null || !room.relaying.contains(record.offset())) {
			return;
		}
		room.relaying.remove(record.offset());
		boolean isHeld = record.offset() == room.held.offset();
		if (outcome instanceof Relayed.Bad bad) {
			room.relaying.clear();
			// Held again: a release already applied stays applied (a failed redelivery
			// is not retried until an operator names the record again).
			room.state = State.HELD;
			if (!isHeld) {
				// Held again, behind a later record: the one held before is done with.
				parking.tombstone(room.held);
				room.parked.remove(record.offset());
				totals.parked().decrementAndGet();
				room.held = record;
				room.eid = bad.eid();
			}
			deadLetter(room, bad.reason(), bad.detail(), () -> {
			});
			return;
		}
		if (isHeld) {
			room.mark = new Mark(room.mark.reason(), room.mark.detail(), room.mark.deadLettered(), "redeliver");
			park(room.held, room.mark, () -> {
			});
		}
		else {
			room.parked.remove(record.offset());
			totals.parked().decrementAndGet();
			parking.tombstone(record);
		}
		if (room.relaying.isEmpty()) {
			drain(room);
		}
	}

	/**
	 * Applies the releases in force that name a held room of this partition and its held
	 * record; an entry for a held room that names another record is stale.
	 */
	void release(List<RoomRelease> releases) {
		boolean changed = !releases.equals(lastReleases);
		lastReleases = releases;
		if (releases.isEmpty() || rooms.isEmpty()) {
			return;
		}
		for (RoomRelease release : releases) {
			Room room = rooms.get(Long.toString(release.roomId()));
			if (room == null || room.state != State.HELD) {
				continue;
			}
			if (!matches(release, room)) {
				if (changed) {
					logger.info("Release of room {} is stale: it names {} but the room is held behind {}@{}",
							release.roomId(), release.eventId().orElse("offset " + release.offset()), eventLabel(room),
							room.held.offset());
				}
				continue;
			}
			if (release.equals(room.applied)) {
				continue;
			}
			room.applied = release;
			logger.warn("Room {} of {} released ({} {}@{}): {}", release.roomId(), partition, release.action(),
					eventLabel(room), room.held.offset(), release.reason());
			room.state = State.DRAINING;
			if (release.action() == RoomRelease.Action.SKIP) {
				room.mark = new Mark(room.mark.reason(), room.mark.detail(), room.mark.deadLettered(), "skip");
				SourceRecord skipped = room.held;
				park(room.held, room.mark, () -> flow.skipped(skipped));
				drain(room);
			}
			else {
				room.relaying.add(room.held.offset());
				flow.ahead(List.of(room.held));
			}
		}
	}

	private static boolean matches(RoomRelease release, Room room) {
		Optional<String> eid = release.eventId();
		if (eid.isPresent()) {
			return eid.get().equals(room.eid);
		}
		return release.offset().isPresent() && release.offset().getAsLong() == room.held.offset();
	}

	/**
	 * Hands the room's parked records to the flow, in offset order; with none left the
	 * room is free and its held record's copy removed.
	 */
	private void drain(Room room) {
		if (room.parked.isEmpty()) {
			rooms.remove(room.held.room());
			totals.rooms().decrementAndGet();
			parking.tombstone(room.held);
			logger.warn("Room {} of {} flows again", room.held.room(), partition);
			return;
		}
		List<SourceRecord> next = new ArrayList<>(room.parked.values());
		next.forEach(record -> room.relaying.add(record.offset()));
		flow.ahead(next);
	}

	/** The held rooms as the management view shows them. */
	List<RelayView.HeldRoomView> views() {
		List<RelayView.HeldRoomView> views = new ArrayList<>();
		rooms.forEach((key,
				room) -> views.add(new RelayView.HeldRoomView(key, partition.topic(), partition.partition(),
						room.held.offset(), room.eid, room.mark.reason(), room.mark.detail(), room.mark.deadLettered(),
						room.parked.size(), room.state == State.DRAINING)));
		return views;
	}

	/** The partition is no longer owned: nothing more is done for its rooms. */
	void close() {
		closed = true;
		rooms.values().forEach(room -> totals.parked().addAndGet(-room.parked.size()));
		totals.rooms().addAndGet(-rooms.size());
		rooms.clear();
	}

	/**
	 * Parks a record; {@code then} runs on the consumer thread once the parking topic has
	 * it. A failed write is retried: the record stays not done meanwhile.
	 */
	private void park(SourceRecord record, @Nullable Mark mark, Runnable then) {
		CompletableFuture<Void> written = parking.park(record, mark);
		written.whenComplete((ok, error) -> loop.execute(() -> {
			if (closed) {
				return;
			}
			if (error != null) {
				logger.warn("Could not park {}-{}@{}; trying again", record.topic(), record.partition(),
						record.offset(), error);
				park(record, mark, then);
			}
			else {
				then.run();
			}
		}));
	}

	private static String eventLabel(Room room) {
		return (room.eid != null) ? room.eid : "a record without a usable id";
	}

	private static @Nullable String eventId(SourceRecord record) {
		return (record.read() instanceof Read.Event event) ? event.event().id() : null;
	}

}
