package io.aclgateway.relay.intake.kafka;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.context.SmartLifecycle;

import io.aclgateway.relay.contract.EventProblem;
import io.aclgateway.relay.core.DeadLetter;
import io.aclgateway.relay.core.DeadLetterSender;
import io.aclgateway.relay.core.EventFate;
import io.aclgateway.relay.core.EventRelay;
import io.aclgateway.relay.core.IncomingEvent;
import io.aclgateway.relay.core.IncomingEvent.Position;
import io.aclgateway.relay.core.RelayOutcome;
import io.aclgateway.relay.intake.kafka.CloudEventRecords.Read;
import io.aclgateway.relay.intake.kafka.HeldRooms.Relayed;
import io.aclgateway.relay.intake.kafka.state.LogEntry;
import io.aclgateway.relay.intake.kafka.state.RoomState;
import io.aclgateway.relay.intake.kafka.state.RoomStates;
import io.aclgateway.relay.intake.kafka.state.StateStore;
import io.aclgateway.relay.release.Releases;
import io.aclgateway.relay.release.RoomRelease;

/**
 * Reads Falcon's event log and relays it (events.md 5.2): one thread owns the consumer;
 * each partition has a few deliveries in flight at once, each for rooms no other one has,
 * so a room (one key, one partition) never has two sends in flight and its records go in
 * offset order; an offset is committed only below the first record not yet on the queue;
 * a partition with its share of the records in flight is paused rather than read further,
 * and the queue's failures are resent after a backoff, each room from its first record
 * not delivered. What each room delivered is remembered in the state topic
 * ({@link StateStore}): a record delivered before is not sent again, and an offset is
 * done only once the room's state saying so is acknowledged. A record that can never be
 * delivered is dead-lettered and holds only its room ({@link HeldRooms}).
 */
final class KafkaIntake implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(KafkaIntake.class);

	/**
	 * The most records one delivery carries: one {@code SendMessageBatch} call when each
	 * is one message of its own room (the FIFO sender sends one message per room per
	 * call), so that a delivery is one call and the partition's parallelism is its
	 * deliveries in flight.
	 */
	private static final int DELIVERY_RECORDS = 10;

	/**
	 * Deliveries in flight per partition, for disjoint rooms: the queue's latency, not
	 * the gateway's CPU, bounds one delivery (the SDK-client ceiling of bench/kafka.sh
	 * uses 8 senders for the whole queue).
	 */
	private static final int DELIVERIES_PER_PARTITION = 4;

	/**
	 * The longest a poll waits while deliveries are in flight and some partition is read:
	 * a poll cannot be woken safely (wakeup() would break a commit or a rebalance
	 * callback), so a delivery that ends is noticed within this.
	 */
	private static final Duration BUSY_POLL = Duration.ofMillis(5);

	/** Asynchronous commits at most this often (one in flight at a time). */
	private static final Duration COMMIT_INTERVAL = Duration.ofMillis(50);

	/** How often the management view's snapshot is taken. */
	private static final Duration VIEW_INTERVAL = Duration.ofSeconds(1);

	/** The rooms furthest behind the view lists. */
	private static final int VIEW_ROOMS = 20;

	/** How long the intake waits before it starts again after an unexpected failure. */
	private static final Duration RESTART_BACKOFF = Duration.ofSeconds(5);

	/** How long a partition whose state could not be read back waits to try again. */
	private static final Duration RESTORE_RETRY = Duration.ofSeconds(5);

	private final Supplier<Consumer<String, byte[]>> consumers;

	private final EventRelay relay;

	private final KafkaIntakeProperties properties;

	private final Counter delivered;

	private final DeadLetters deadLetters;

	private final ParkingLot parking;

	private final Releases releases;

	private final HeldRooms.Totals heldTotals = new HeldRooms.Totals(new AtomicLong(), new AtomicLong());

	/** Parking and dead-letter acknowledgements, run on the consumer thread. */
	private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();

	private final StateStore state;

	private final Counter duplicates;

	/** Deliveries over, handed from the queue client's threads to the consumer thread. */
	private final ConcurrentLinkedQueue<Completion> completions = new ConcurrentLinkedQueue<>();

	/**
	 * State writes acknowledged (or failed) and partitions' states read back, handed from
	 * the state clients' threads to the consumer thread.
	 */
	private final ConcurrentLinkedQueue<StateEvent> stateEvents = new ConcurrentLinkedQueue<>();

	/**
	 * Released when work for the consumer thread arrives (a delivery over, a state write
	 * acknowledged), so that it stops waiting while every partition is paused.
	 */
	private final Semaphore wake = new Semaphore(0);

	/** Whether an asynchronous commit is under way; consumer thread only. */
	private boolean committing;

	private long committedAt;

	/** What {@code /actuator/relay} shows: published by the consumer thread. */
	private volatile RelayView view = RelayView.empty(Instant.EPOCH);

	private long viewAt;

	/** Whether a consumer is reading (false between a failure and the restart). */
	private volatile boolean consuming;

	/** When the oldest record read and not yet done was read (nanoTime); none: empty. */
	private volatile OptionalLong oldestPending = OptionalLong.empty();

	/** The partitions this replica owns; touched by the consumer thread only. */
	private final Map<TopicPartition, PartitionWork> partitions = new HashMap<>();

	private volatile boolean running;

	private @Nullable Thread thread;

	KafkaIntake(Supplier<Consumer<String, byte[]>> consumers, EventRelay relay, KafkaIntakeProperties properties,
			MeterRegistry meters, StateStore state, ParkingLot parking, @Nullable DeadLetterSender deadLetterSender,
			Releases releases) {
		this.consumers = consumers;
		this.relay = relay;
		this.properties = properties;
		this.delivered = relayCounter(meters, "delivered");
		this.state = state;
		this.duplicates = relayCounter(meters, "duplicate");
		this.deadLetters = new DeadLetters(deadLetterSender, relayCounter(meters, "dead_lettered"),
				relayCounter(meters, "held"));
		this.parking = parking;
		this.releases = releases;
		Gauge.builder("acl.relay.oldest.pending", this, KafkaIntake::oldestPendingSeconds)
			.description("Age of the oldest record read from Falcon's log and not yet done on this replica")
			.baseUnit("seconds")
			.register(meters);
		registerHeldGauges(meters);
	}

	private double oldestPendingSeconds() {
		OptionalLong oldest = oldestPending;
		return oldest.isPresent() ? Math.max(0, (System.nanoTime() - oldest.getAsLong()) / 1e9) : 0;
	}

	private void registerHeldGauges(MeterRegistry meters) {
		Gauge.builder("acl.relay.held.rooms", heldTotals.rooms(), AtomicLong::get)
			.description("Rooms held behind an event that could not be delivered, on this replica's partitions")
			.register(meters);
		Gauge.builder("acl.relay.parked.records", heldTotals.parked(), AtomicLong::get)
			.description("Records of held rooms waiting in the parking topic, on this replica's partitions")
			.register(meters);
	}

	private static Counter relayCounter(MeterRegistry meters, String outcome) {
		return Counter.builder("acl.relay.events")
			.description("Events the relay finished with, by intake and outcome")
			.tag("source", "kafka")
			.tag("outcome", outcome)
			.register(meters);
	}

	@Override
	public synchronized void start() {
		if (running) {
			return;
		}
		// Fails start-up, naming the topic, when a state topic is missing or unfit.
		state.prepare(properties.topics());
		running = true;
		Thread loop = new Thread(this::run, "acl-kafka-intake");
		thread = loop;
		loop.start();
	}

	@Override
	public void stop() {
		Thread loop;
		synchronized (this) {
			running = false;
			loop = thread;
			thread = null;
		}
		// The loop sees this within one poll timeout; no wakeup(), which could break a
		// commit in progress.
		wake.release();
		if (loop != null) {
			try {
				loop.join(properties.revocationTimeout().plusSeconds(30).toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	@Override
	public boolean isRunning() {
		return running;
	}

	/**
	 * Consumes until stopped; after an unexpected failure the consumer is closed (its
	 * partitions go back to the group, nothing committed beyond what was acknowledged)
	 * and a new one starts after a pause, rather than the relay going silent.
	 */
	private void run() {
		while (running) {
			consume();
			long restartAt = System.nanoTime() + RESTART_BACKOFF.toNanos();
			while (running && System.nanoTime() - restartAt < 0) {
				try {
					Thread.sleep(50);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return;
				}
			}
		}
	}

	private void consume() {
		consuming = true;
		committing = false;
		try (Consumer<String, byte[]> kafka = consumers.get()) {
			kafka.subscribe(properties.topics(), new Rebalance(kafka));
			while (running) {
				// Before settling: work handed over from now on wakes the wait below.
				wake.drainPermits();
				settleCompletions();
				commitAsync(kafka);
				applyReleases();
				dispatch();
				flowControl(kafka);
				publishOldestPending();
				publishView(false);
				for (ConsumerRecord<String, byte[]> record : poll(kafka)) {
					PartitionWork work = partitions.get(new TopicPartition(record.topic(), record.partition()));
					if (work != null) {
						work.read(record);
					}
				}
			}
			finish(kafka, new ArrayList<>(partitions.keySet()));
		}
		catch (RuntimeException ex) {
			logger.error("The Kafka intake failed; it starts again with a new consumer in {}", RESTART_BACKOFF, ex);
		}
		finally {
			partitions.values().forEach(PartitionWork::abandon);
			partitions.clear();
			oldestPending = OptionalLong.empty();
			consuming = false;
			publishView(true);
		}
	}

	/**
	 * Polls; while every owned partition is paused nothing can be fetched, so the thread
	 * waits for work handed over (or the poll timeout) and then polls without waiting,
	 * which keeps the group membership and rebalances going.
	 */
	private Iterable<ConsumerRecord<String, byte[]>> poll(Consumer<String, byte[]> kafka) {
		if (!partitions.isEmpty() && kafka.paused().size() >= partitions.size()) {
			try {
				wake.tryAcquire(properties.pollTimeout().toNanos(), TimeUnit.NANOSECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			return kafka.poll(Duration.ZERO);
		}
		boolean sending = partitions.values().stream().anyMatch(work -> !work.inFlight.isEmpty());
		Duration timeout = properties.pollTimeout();
		return kafka.poll((sending && BUSY_POLL.compareTo(timeout) < 0) ? BUSY_POLL : timeout);
	}

	/** Work handed to the consumer thread from another thread, which it wakes. */
	private void task(Runnable task) {
		tasks.add(task);
		wake.release();
	}

	private void completed(Completion completion) {
		completions.add(completion);
		wake.release();
	}

	private void stateEvent(StateEvent event) {
		stateEvents.add(event);
		wake.release();
	}

	/** This replica's relay as {@code /actuator/relay} shows it. */
	RelayView view() {
		return view;
	}

	/** At most once a second (or at once when forced): it sorts every pending room. */
	private void publishView(boolean force) {
		long now = System.nanoTime();
		if (!force && now - viewAt < VIEW_INTERVAL.toNanos()) {
			return;
		}
		viewAt = now;
		List<RelayView.PartitionView> owned = new ArrayList<>();
		List<RelayView.RoomBehind> behind = new ArrayList<>();
		List<RelayView.HeldRoomView> heldRooms = new ArrayList<>();
		partitions.forEach((partition, work) -> {
			owned.add(new RelayView.PartitionView(partition.topic(), partition.partition(),
					work.offsets.committedPosition(), work.offsets.open(), work.rooms != null));
			behind.addAll(work.roomsBehind(now));
			heldRooms.addAll(work.held.views());
		});
		owned.sort(Comparator.comparing(RelayView.PartitionView::topic)
			.thenComparingInt(RelayView.PartitionView::partition));
		behind.sort(Comparator.comparingDouble(RelayView.RoomBehind::oldestPendingSeconds).reversed());
		List<RelayView.ReleaseView> inForce;
		try {
			inForce = releases.current()
				.stream()
				.map(release -> new RelayView.ReleaseView(release.roomId(), release.eventId().orElse(null),
						release.offset().isPresent() ? release.offset().getAsLong() : null,
						release.action().name().toLowerCase(java.util.Locale.ROOT), release.reason()))
				.toList();
		}
		catch (RuntimeException ex) {
			inForce = List.of();
		}
		view = new RelayView(state.now(), consuming, List.copyOf(owned),
				List.copyOf(behind.subList(0, Math.min(VIEW_ROOMS, behind.size()))), List.copyOf(heldRooms), inForce);
	}

	private void publishOldestPending() {
		OptionalLong oldest = OptionalLong.empty();
		for (PartitionWork work : partitions.values()) {
			Map.Entry<Long, Long> first = work.readAt.firstEntry();
			if (first != null && (oldest.isEmpty() || first.getValue() - oldest.getAsLong() < 0)) {
				oldest = OptionalLong.of(first.getValue());
			}
		}
		oldestPending = oldest;
	}

	/** Waits (bounded) for the partitions' deliveries, then commits what is done. */
	private void finish(Consumer<String, byte[]> kafka, Collection<TopicPartition> owned) {
		long deadline = System.nanoTime() + properties.revocationTimeout().toNanos();
		while (owned.stream().map(partitions::get).anyMatch(work -> work != null && !work.inFlight.isEmpty())
				&& System.nanoTime() < deadline) {
			settleCompletions();
			try {
				Thread.sleep(10);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				break;
			}
		}
		settleCompletions();
		// The next owner reads the state partition to its end as it is when assigned:
		// every state write of what was delivered is acknowledged before the commit.
		state.flush();
		settleCompletions();
		commitSync(kafka, owned);
		for (TopicPartition partition : owned) {
			PartitionWork work = partitions.remove(partition);
			if (work != null) {
				work.abandon();
			}
		}
	}

	/**
	 * What is done, committed without waiting: one commit under way at a time, at most
	 * every {@link #COMMIT_INTERVAL}; a failed one is followed by the next (a later
	 * position covers it). Revocation and the end commit synchronously.
	 */
	private void commitAsync(Consumer<String, byte[]> kafka) {
		long now = System.nanoTime();
		if (committing || now - committedAt < COMMIT_INTERVAL.toNanos()) {
			return;
		}
		Map<TopicPartition, OffsetAndMetadata> offsets = committable(partitions.keySet());
		if (offsets.isEmpty()) {
			return;
		}
		committing = true;
		committedAt = now;
		// The callback runs on this thread, inside a later poll or commit.
		kafka.commitAsync(offsets, (done, error) -> {
			committing = false;
			if (error != null) {
				logger.warn("Kafka intake: commit of {} not done: {}", offsets, error.toString());
				return;
			}
			markCommitted(offsets);
		});
	}

	private Map<TopicPartition, OffsetAndMetadata> committable(Collection<TopicPartition> owned) {
		Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
		for (TopicPartition partition : owned) {
			PartitionWork work = partitions.get(partition);
			if (work != null) {
				OptionalLong position = work.offsets.committable();
				if (position.isPresent()) {
					offsets.put(partition, new OffsetAndMetadata(position.getAsLong()));
				}
			}
		}
		return offsets;
	}

	private void markCommitted(Map<TopicPartition, OffsetAndMetadata> offsets) {
		offsets.forEach((partition, offset) -> {
			PartitionWork work = partitions.get(partition);
			if (work != null) {
				work.offsets.committed(offset.offset());
			}
		});
	}

	private void commitSync(Consumer<String, byte[]> kafka, Collection<TopicPartition> owned) {
		Map<TopicPartition, OffsetAndMetadata> offsets = committable(owned);
		if (!offsets.isEmpty()) {
			try {
				kafka.commitSync(offsets);
			}
			catch (RebalanceInProgressException | CommitFailedException ex) {
				// A rebalance under way (the next poll completes it, the commit is tried
				// again) or the partitions gone: what is not committed is read again by
				// their owner, and found delivered in the state.
				logger.warn("Kafka intake: commit of {} not done: {}", offsets, ex.toString());
				return;
			}
			markCommitted(offsets);
		}
	}

	/**
	 * A partition is read further while the records in flight are within bounds, its own
	 * within its share of them (so that one partition's backlog does not stop the
	 * others), its rooms' state is read back, and it does not wait behind a held room
	 * whose parking is full.
	 */
	private void flowControl(Consumer<String, byte[]> kafka) {
		int open = partitions.values().stream().mapToInt(work -> work.offsets.open()).sum();
		boolean full = open >= properties.maxRecordsInFlight();
		int share = Math.max(DELIVERY_RECORDS, properties.maxRecordsInFlight() / Math.max(1, partitions.size()));
		Set<TopicPartition> pause = new HashSet<>();
		Set<TopicPartition> resume = new HashSet<>();
		Set<TopicPartition> paused = kafka.paused();
		partitions.forEach((partition, work) -> {
			boolean stop = full || work.rooms == null || work.blocked || work.offsets.open() >= share;
			if (stop && !paused.contains(partition)) {
				pause.add(partition);
			}
			else if (!stop && paused.contains(partition)) {
				resume.add(partition);
			}
		});
		if (!pause.isEmpty()) {
			kafka.pause(pause);
		}
		if (!resume.isEmpty()) {
			kafka.resume(resume);
		}
	}

	private void dispatch() {
		long now = System.nanoTime();
		partitions.values().forEach(work -> work.restore(now));
		partitions.values().forEach(work -> work.dispatch(now));
	}

	/** The releases in force, asked each loop (a cheap read of what the file says). */
	private void applyReleases() {
		if (partitions.isEmpty()) {
			return;
		}
		List<RoomRelease> current;
		try {
			current = releases.current();
		}
		catch (RuntimeException ex) {
			logger.warn("Could not read the room releases in force", ex);
			return;
		}
		partitions.values().forEach(work -> work.held.release(current));
	}

	private void settleCompletions() {
		settleState();
		Runnable task;
		while ((task = tasks.poll()) != null) {
			task.run();
		}
		Completion completion;
		while ((completion = completions.poll()) != null) {
			PartitionWork work = partitions.get(completion.partition());
			if (work != null && work.inFlight.contains(completion.delivery())) {
				work.settle(completion.delivery(), completion.outcome());
			}
		}
	}

	/**
	 * State acknowledgements and restores for partitions still owned by the same
	 * assignment; those of a partition revoked, lost or re-assigned since change nothing.
	 */
	private void settleState() {
		StateEvent event;
		while ((event = stateEvents.poll()) != null) {
			PartitionWork work = partitions.get(event.work().partition);
			if (work != event.work()) {
				continue;
			}
			if (event instanceof StateEvent.Written written) {
				work.written(written);
			}
			else if (event instanceof StateEvent.Restored restored) {
				work.restored(restored);
			}
		}
	}

	/** What the state clients hand back to the consumer thread. */
	private sealed interface StateEvent {

		PartitionWork work();

		/** The rooms' state records acknowledged (error: none): the records are done. */
		record Written(PartitionWork work, Set<String> rooms, List<Pending> records,
				@Nullable Throwable error) implements StateEvent {
		}

		/** A partition's rooms read back from its state partition (error: none). */
		record Restored(PartitionWork work, @Nullable RoomStates rooms,
				@Nullable Throwable error) implements StateEvent {
		}

	}

	/**
	 * A record read, not yet done: its offset, key (the room), what it holds, the record
	 * itself, and whether it comes back from the parking topic (its source offset is
	 * committed already).
	 */
	private record Pending(long offset, @Nullable String key, Read read, SourceRecord source, boolean drained) {
	}

	/**
	 * Why an event's fate means it can never be delivered, if it does: every such fate is
	 * dead-lettered with its code.
	 */
	static Optional<EventProblem> problemOf(EventFate fate) {
		if (fate instanceof EventFate.DeadLettered deadLettered) {
			return Optional.of(deadLettered.reason());
		}
		if (fate instanceof EventFate.RejectedByQueue) {
			return Optional
				.of(new EventProblem(DeadLetter.REJECTED_BY_QUEUE, "the queue refuses its message for good"));
		}
		return Optional.empty();
	}

	/**
	 * A delivery over: the partition's delivery and the relay's outcome (none: it
	 * failed).
	 */
	private record Completion(TopicPartition partition, Delivery delivery, @Nullable RelayOutcome outcome) {
	}

	/**
	 * Records of one partition sent together, in offset order: their rooms are in no
	 * other delivery in flight.
	 */
	private static final class Delivery {

		private final List<Pending> records = new ArrayList<>(DELIVERY_RECORDS);

		private final List<IncomingEvent> events = new ArrayList<>(DELIVERY_RECORDS);

		private final Set<String> rooms = new HashSet<>();

		private final Set<String> ids = new HashSet<>();

		private @Nullable Disposable sending;

		void add(Pending pending, IncomingEvent event) {
			records.add(pending);
			events.add(event);
			rooms.add(pending.source().room());
			String id = event.id();
			if (id != null) {
				ids.add(id);
			}
		}

		boolean isFull() {
			return records.size() >= DELIVERY_RECORDS;
		}

	}

	/** One owned partition: its offsets, its records waiting, its held rooms. */
	private final class PartitionWork implements HeldRooms.Flow {

		private final TopicPartition partition;

		private final OffsetTracker offsets = new OffsetTracker();

		/**
		 * Records to send, each room's in offset order (resends and drained parked
		 * records first); a room's records wait here only behind its records in flight.
		 */
		private final ArrayDeque<Pending> waiting = new ArrayDeque<>();

		private final HeldRooms held;

		/** The deliveries in flight (at most {@link #DELIVERIES_PER_PARTITION}). */
		private final Set<Delivery> inFlight = new HashSet<>();

		/** The rooms of the deliveries in flight: each in one delivery at most. */
		private final Set<String> sendingRooms = new HashSet<>();

		private long retryAt;

		/** Whether the partition waits behind a held room whose parking is full. */
		private boolean blocked;

		/**
		 * Whether something that may let a record go happened since the last dispatch (a
		 * record read or handed back, a delivery over, the state read back); besides, the
		 * records are looked at again every poll timeout.
		 */
		private boolean dirty = true;

		private long dispatchedAt;

		/** What each room delivered; none until read back from the state partition. */
		private @Nullable RoomStates rooms;

		private boolean restoring;

		private long restoreAt;

		/** When each record not yet done was read (nanoTime), by offset. */
		private final TreeMap<Long, Long> readAt = new TreeMap<>();

		PartitionWork(TopicPartition partition) {
			this.partition = partition;
			this.held = new HeldRooms(partition, parking, deadLetters, KafkaIntake.this::task, this, heldTotals,
					parking.maxParkedPerRoom());
		}

		/** Rooms with records read and not yet done, by the age of their oldest. */
		List<RelayView.RoomBehind> roomsBehind(long now) {
			Map<String, long[]> rooms = new HashMap<>();
			List<Pending> pending = new ArrayList<>(waiting);
			inFlight.forEach(delivery -> pending.addAll(delivery.records));
			for (Pending record : pending) {
				Long read = readAt.get(record.offset());
				if (record.drained() || read == null) {
					continue;
				}
				long[] room = rooms.computeIfAbsent(String.valueOf(record.key()), key -> new long[] { read, 0 });
				room[0] = Math.min(room[0], read);
				room[1]++;
			}
			List<RelayView.RoomBehind> behind = new ArrayList<>();
			rooms.forEach((room, oldest) -> behind.add(new RelayView.RoomBehind(room, partition.topic(),
					partition.partition(), Math.max(0, (now - oldest[0]) / 1e9), (int) oldest[1])));
			return behind;
		}

		/** Reads the partition's state back, unless read or being read. */
		void restore(long now) {
			if (rooms != null || restoring || now - restoreAt < 0) {
				return;
			}
			restoring = true;
			state.restore(partition)
				.whenComplete((restored, error) -> stateEvent(new StateEvent.Restored(this, restored, error)));
		}

		void restored(StateEvent.Restored restored) {
			restoring = false;
			if (restored.rooms() != null && restored.error() == null) {
				rooms = restored.rooms();
				dirty = true;
				logger.info("Kafka intake: {} resumes with the state of {} rooms", partition, rooms.size());
				return;
			}
			restoreAt = System.nanoTime() + RESTORE_RETRY.toNanos();
			logger.error("Kafka intake: the state of {} cannot be read back ({}); the partition stays paused and the"
					+ " read is tried again in {}", partition, restored.error(), RESTORE_RETRY);
		}

		void read(ConsumerRecord<String, byte[]> record) {
			dirty = true;
			readAt.put(record.offset(), System.nanoTime());
			offsets.read(record.offset());
			waiting.add(new Pending(record.offset(), record.key(),
					CloudEventRecords.read(new Position.LogOffset(record.topic(), record.partition(), record.offset()),
							record.headers(), record.value()),
					SourceRecord.of(record), false));
		}

		@Override
		public void done(long offset) {
			finished(offset);
		}

		@Override
		public void ahead(List<SourceRecord> records) {
			dirty = true;
			for (int i = records.size() - 1; i >= 0; i--) {
				SourceRecord record = records.get(i);
				waiting.addFirst(new Pending(record.offset(), record.key(), record.read(), record, true));
			}
		}

		/**
		 * Sends the waiting records, in offset order, as deliveries of rooms not in
		 * flight (the relay keeps each room's order within a delivery): a room's record
		 * waits while an earlier one of the room is in flight or waits, other rooms'
		 * records go past it.
		 */
		void dispatch(long now) {
			RoomStates known = rooms;
			int free = DELIVERIES_PER_PARTITION - inFlight.size();
			if (known == null || free <= 0 || waiting.isEmpty() || now - retryAt < 0
					|| (!dirty && now - dispatchedAt < properties.pollTimeout().toNanos())) {
				return;
			}
			dirty = false;
			dispatchedAt = now;
			blocked = false;
			List<Pending> skipped = new ArrayList<>();
			// Rooms whose next record must wait (in flight, or a record of theirs waits).
			Set<String> passed = new HashSet<>(sendingRooms);
			ArrayDeque<Pending> kept = new ArrayDeque<>();
			Delivery delivery = new Delivery();
			while (!waiting.isEmpty() && free > 0) {
				Pending next = waiting.poll();
				String room = next.source().room();
				if (passed.contains(room)) {
					kept.add(next);
					continue;
				}
				if (!next.drained() && held.isFull(next.source())) {
					kept.add(next);
					blocked = true;
					break;
				}
				if (next.drained() ? !held.mayRelay(next.source()) : held.takes(next.source())) {
					continue;
				}
				boolean joining = delivery.rooms.contains(room);
				// Delivered or skipped before (a replay), whatever it holds: done at
				// once,
				// unless a record of its room goes in this delivery (then after it).
				if (next.key() != null && known.isDuplicate(next.key(),
						LogEntry.of(state.topicId(partition.topic()), next.offset(), null, null))) {
					duplicate(next, joining, skipped, kept, passed);
					continue;
				}
				if (next.read() instanceof Read.NotAnEvent notAnEvent) {
					bad(next, DeadLetter.INVALID_CLOUDEVENT, notAnEvent.detail(), null);
					continue;
				}
				IncomingEvent event = incoming(next);
				EventProblem problem = RecordRoom.problem(next.key(), event.document());
				if (problem != null) {
					bad(next, problem.code(), problem.detail(), event.id());
					continue;
				}
				if (next.key() != null && known.isDuplicate(next.key(), entry(next))) {
					duplicate(next, joining, skipped, kept, passed);
					continue;
				}
				String id = event.id();
				if (id != null && delivery.ids.contains(id)) {
					// The log holds the event twice: the second goes in a later delivery
					// (the queue's deduplication drops it).
					kept.add(next);
					passed.add(room);
					continue;
				}
				delivery.add(next, event);
				if (delivery.isFull()) {
					send(delivery);
					passed.addAll(delivery.rooms);
					free--;
					delivery = new Delivery();
				}
			}
			if (!delivery.records.isEmpty()) {
				send(delivery);
			}
			while (!kept.isEmpty()) {
				waiting.addFirst(kept.pollLast());
			}
			done(skipped);
		}

		private void duplicate(Pending pending, boolean joining, List<Pending> skipped, ArrayDeque<Pending> kept,
				Set<String> passed) {
			if (joining) {
				kept.add(pending);
				passed.add(pending.source().room());
				return;
			}
			skipped.add(pending);
			duplicates.increment();
		}

		private void send(Delivery delivery) {
			inFlight.add(delivery);
			sendingRooms.addAll(delivery.rooms);
			// Translating, checking and the queue client's request are the relay's work,
			// not
			// the consumer thread's: it only decides what goes.
			delivery.sending = Mono.defer(() -> relay.relay(delivery.events))
				.subscribeOn(Schedulers.parallel())
				.subscribe(outcome -> completed(new Completion(partition, delivery, outcome)),
						error -> completed(new Completion(partition, delivery, null)));
		}

		private IncomingEvent incoming(Pending pending) {
			return ((Read.Event) pending.read()).event();
		}

		/**
		 * The record as the room's memory knows it; a record that is no event, or whose
		 * roomseq is unreadable, by its offset alone.
		 */
		private LogEntry entry(Pending pending) {
			String topicId = state.topicId(partition.topic());
			if (!(pending.read() instanceof Read.Event read)) {
				return LogEntry.of(topicId, pending.offset(), null, null);
			}
			IncomingEvent event = read.event();
			Long seq;
			try {
				seq = RecordRoom.roomSeq(event.document());
			}
			catch (IllegalArgumentException ex) {
				seq = null;
			}
			return LogEntry.of(topicId, pending.offset(), seq, event.id());
		}

		@Override
		public void skipped(SourceRecord record) {
			// The room's memory moves past the skipped record, so that a replay of the
			// topic does not hold the room behind it again.
			done(List.of(new Pending(record.offset(), record.key(), record.read(), record, true)));
		}

		/**
		 * The records are delivered or were before: their rooms' new states are written,
		 * one record per room; their offsets are done once that is acknowledged.
		 */
		private void done(List<Pending> records) {
			RoomStates known = rooms;
			if (records.isEmpty() || known == null) {
				return;
			}
			Instant now = state.now();
			Map<String, RoomState> touched = new LinkedHashMap<>();
			List<Pending> done = new ArrayList<>();
			for (Pending pending : records) {
				String room = pending.key();
				if (room == null) {
					// Not reached: a delivered event's key is its room (RecordRoom).
					finished(pending);
					continue;
				}
				touched.put(room, known.done(room, entry(pending), now));
				done.add(pending);
			}
			write(touched, done);
		}

		private void write(Map<String, RoomState> touched, List<Pending> done) {
			if (touched.isEmpty()) {
				return;
			}
			state.write(partition, touched)
				.whenComplete((ok,
						error) -> stateEvent(new StateEvent.Written(this, Set.copyOf(touched.keySet()), done, error)));
		}

		void written(StateEvent.Written written) {
			RoomStates known = rooms;
			if (written.error() == null || known == null) {
				written.records().forEach(this::finished);
				return;
			}
			// Not done without the state: written again (the rooms' latest state), and
			// until then nothing is committed past these records.
			logger.error("Kafka intake: the state of {} rooms of {} could not be written ({}); writing it again",
					written.rooms().size(), partition, written.error().toString());
			Map<String, RoomState> again = new LinkedHashMap<>();
			written.rooms().forEach(room -> again.put(room, known.state(room)));
			write(again, written.records());
		}

		/**
		 * The record's room state is acknowledged: a live record's offset is done, a
		 * drained one leaves the parking topic.
		 */
		private void finished(Pending pending) {
			if (pending.drained()) {
				held.relayed(pending.source(), new Relayed.Delivered());
			}
			else {
				finished(pending.offset());
			}
		}

		private void finished(long offset) {
			offsets.done(offset);
			readAt.remove(offset);
		}

		/**
		 * A record that can never be delivered: dead-lettered, its room held behind it (a
		 * drained one holds its room again).
		 */
		private void bad(Pending pending, String reason, String detail, @Nullable String eid) {
			if (pending.drained()) {
				held.relayed(pending.source(), new Relayed.Bad(reason, detail, eid));
			}
			else {
				held.hold(pending.source(), reason, detail, eid);
			}
		}

		void settle(Delivery delivery, @Nullable RelayOutcome outcome) {
			dirty = true;
			inFlight.remove(delivery);
			sendingRooms.removeAll(delivery.rooms);
			List<Pending> batch = delivery.records;
			List<Pending> resend = new ArrayList<>();
			if (outcome instanceof RelayOutcome.Relayed relayed) {
				List<Pending> deliveredNow = new ArrayList<>();
				for (int i = 0; i < batch.size(); i++) {
					Pending pending = batch.get(i);
					RelayOutcome.Settled settled = relayed.events().get(i);
					EventFate fate = settled.fate();
					Optional<EventProblem> problem = problemOf(fate);
					if (fate.isDelivered()) {
						deliveredNow.add(pending);
						delivered.increment();
					}
					else if (problem.isPresent()) {
						bad(pending, problem.get().code(), problem.get().detail(), settled.incoming().id());
					}
					else {
						resend.add(pending);
					}
				}
				done(deliveredNow);
			}
			else if (outcome instanceof RelayOutcome.InvalidEvents invalid) {
				Map<Long, RelayOutcome.Invalid> problems = new HashMap<>();
				invalid.invalid()
					.forEach(bad -> problems.put(((Position.LogOffset) bad.event().position()).offset(), bad));
				for (Pending pending : batch) {
					RelayOutcome.Invalid problem = problems.get(pending.offset());
					if (problem != null) {
						bad(pending, problem.problem().code(), problem.problem().detail(), problem.event().id());
					}
				}
				// Nothing of the batch was sent: the valid records go again at once, and
				// those of a room now held are parked behind it.
				batch.stream().filter(pending -> !problems.containsKey(pending.offset())).forEach(resend::add);
				requeue(resend);
				return;
			}
			else if (outcome instanceof RelayOutcome.TranslationFault fault) {
				// The translator's bug, not the event's, but a bad record all the same:
				// reason legacy_schema, its room held; nothing of the batch was sent.
				Map<Long, RelayOutcome.Mistranslated> problems = new HashMap<>();
				fault.mistranslated()
					.forEach(bad -> problems.put(((Position.LogOffset) bad.incoming().position()).offset(), bad));
				for (Pending pending : batch) {
					RelayOutcome.Mistranslated bad = problems.get(pending.offset());
					if (bad != null) {
						bad(pending, DeadLetter.LEGACY_SCHEMA, "its legacy message " + bad.command()
								+ " fails the legacy JSON Schema: " + bad.violations(), bad.incoming().id());
					}
				}
				batch.stream().filter(pending -> !problems.containsKey(pending.offset())).forEach(resend::add);
				requeue(resend);
				return;
			}
			else {
				resend.addAll(batch);
			}
			if (!resend.isEmpty()) {
				logger.warn("The queue did not take {} of {} events from {}; resending from offset {} in {}",
						resend.size(), batch.size(), partition, resend.get(0).offset(), properties.retryBackoff());
				retryAt = System.nanoTime() + properties.retryBackoff().toNanos();
				requeue(resend);
			}
		}

		/**
		 * Back to the front: the rooms' later records waited behind these (they were in
		 * flight), so each room's order holds.
		 */
		private void requeue(List<Pending> resend) {
			List<Pending> ordered = new ArrayList<>(resend);
			ordered.sort(Comparator.comparingLong(Pending::offset).reversed());
			ordered.forEach(waiting::addFirst);
		}

		void abandon() {
			held.close();
			inFlight.forEach(delivery -> {
				Disposable sending = delivery.sending;
				if (sending != null) {
					sending.dispose();
				}
			});
			inFlight.clear();
			sendingRooms.clear();
		}

	}

	/**
	 * Cooperative rebalancing: a revoked partition finishes (bounded) and commits what is
	 * done; a lost one commits nothing, its records are another replica's now.
	 */
	private final class Rebalance implements ConsumerRebalanceListener {

		private final Consumer<String, byte[]> kafka;

		Rebalance(Consumer<String, byte[]> kafka) {
			this.kafka = kafka;
		}

		@Override
		public void onPartitionsAssigned(Collection<TopicPartition> assigned) {
			for (TopicPartition partition : assigned) {
				PartitionWork work = partitions.computeIfAbsent(partition, PartitionWork::new);
				// Held rooms are read back before any record of the partition is
				// handed over: nothing of a held room is delivered around it.
				parking.ensureTopic(partition.topic(), kafka.partitionsFor(partition.topic()).size());
				work.held.restore(parking.restore(partition));
			}
			// Not read until its rooms' state is read back (flowControl resumes it).
			if (!assigned.isEmpty()) {
				kafka.pause(assigned);
			}
			logger.info("Kafka intake assigned {}", assigned);
		}

		@Override
		public void onPartitionsRevoked(Collection<TopicPartition> revoked) {
			if (!revoked.isEmpty()) {
				finish(kafka, revoked);
				logger.info("Kafka intake revoked {}", revoked);
			}
		}

		@Override
		public void onPartitionsLost(Collection<TopicPartition> lost) {
			lost.forEach(partition -> {
				PartitionWork work = partitions.remove(partition);
				if (work != null) {
					work.abandon();
				}
			});
			logger.warn("Kafka intake lost {}: nothing committed for them", lost);
		}

	}

}
