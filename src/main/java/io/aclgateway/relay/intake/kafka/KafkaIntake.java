package io.aclgateway.relay.intake.kafka;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;

import org.springframework.context.SmartLifecycle;

import io.aclgateway.relay.core.EventFate;
import io.aclgateway.relay.core.EventRelay;
import io.aclgateway.relay.core.IncomingEvent;
import io.aclgateway.relay.core.IncomingEvent.Position;
import io.aclgateway.relay.core.RelayOutcome;
import io.aclgateway.relay.intake.kafka.CloudEventRecords.Read;

/**
 * Reads Falcon's event log and relays it (events.md 5.2): one thread owns the consumer;
 * each partition has at most one delivery in flight, its records in offset order, so a
 * room (one key, one partition) never has two sends in flight; an offset is committed
 * only below the first record not yet on the queue; a partition with work pending is
 * paused rather than read further, and the queue's failures are resent after a backoff
 * from the first record not delivered.
 */
final class KafkaIntake implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(KafkaIntake.class);

	/** The most records one delivery carries, as a {@code POST /events} batch. */
	private static final int MAX_BATCH = 100;

	private final Supplier<Consumer<String, byte[]>> consumers;

	private final EventRelay relay;

	private final KafkaIntakeProperties properties;

	private final Counter delivered;

	private final Counter held;

	/** Deliveries over, handed from the queue client's threads to the consumer thread. */
	private final ConcurrentLinkedQueue<Completion> completions = new ConcurrentLinkedQueue<>();

	/** The partitions this replica owns; touched by the consumer thread only. */
	private final Map<TopicPartition, PartitionWork> partitions = new HashMap<>();

	private volatile boolean running;

	private @Nullable Thread thread;

	KafkaIntake(Supplier<Consumer<String, byte[]>> consumers, EventRelay relay, KafkaIntakeProperties properties,
			MeterRegistry meters) {
		this.consumers = consumers;
		this.relay = relay;
		this.properties = properties;
		this.delivered = relayCounter(meters, "delivered");
		this.held = relayCounter(meters, "held");
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

	private void run() {
		try (Consumer<String, byte[]> kafka = consumers.get()) {
			kafka.subscribe(properties.topics(), new Rebalance(kafka));
			while (running) {
				settleCompletions();
				commit(kafka, partitions.keySet());
				dispatch();
				flowControl(kafka);
				for (ConsumerRecord<String, byte[]> record : kafka.poll(properties.pollTimeout())) {
					PartitionWork work = partitions.get(new TopicPartition(record.topic(), record.partition()));
					if (work != null) {
						work.read(record);
					}
				}
			}
			finish(kafka, new ArrayList<>(partitions.keySet()));
		}
		catch (RuntimeException ex) {
			logger.error("The Kafka intake stopped: nothing more is read from Falcon's event log", ex);
		}
		finally {
			partitions.values().forEach(PartitionWork::abandon);
			partitions.clear();
		}
	}

	/** Waits (bounded) for the partitions' deliveries, then commits what is done. */
	private void finish(Consumer<String, byte[]> kafka, Collection<TopicPartition> owned) {
		long deadline = System.nanoTime() + properties.revocationTimeout().toNanos();
		while (owned.stream().map(partitions::get).anyMatch(work -> work != null && work.inFlight != null)
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
		commit(kafka, owned);
		for (TopicPartition partition : owned) {
			PartitionWork work = partitions.remove(partition);
			if (work != null) {
				work.abandon();
			}
		}
	}

	private void commit(Consumer<String, byte[]> kafka, Collection<TopicPartition> owned) {
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
		if (!offsets.isEmpty()) {
			kafka.commitSync(offsets);
			offsets.forEach((partition, offset) -> {
				PartitionWork work = partitions.get(partition);
				if (work != null) {
					work.offsets.committed(offset.offset());
				}
			});
		}
	}

	/**
	 * A partition is read further only when nothing of it waits and nothing is in flight
	 * (its records stay in offset order), and while the records in flight are within
	 * bounds.
	 */
	private void flowControl(Consumer<String, byte[]> kafka) {
		int open = partitions.values().stream().mapToInt(work -> work.offsets.open()).sum();
		boolean full = open >= properties.maxRecordsInFlight();
		Set<TopicPartition> pause = new HashSet<>();
		Set<TopicPartition> resume = new HashSet<>();
		Set<TopicPartition> paused = kafka.paused();
		partitions.forEach((partition, work) -> {
			boolean stop = full || work.inFlight != null || !work.waiting.isEmpty();
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
		partitions.values().forEach(work -> work.dispatch(now));
	}

	private void settleCompletions() {
		Completion completion;
		while ((completion = completions.poll()) != null) {
			PartitionWork work = partitions.get(completion.partition());
			if (work != null && work.inFlightBatch == completion.batch()) {
				work.settle(completion.batch(), completion.outcome());
			}
		}
	}

	/** A record read, not yet done: its offset, key (the room) and what it holds. */
	private record Pending(long offset, @Nullable String key, Read read) {
	}

	/**
	 * A delivery over: the partition's batch and the relay's outcome (none: it failed).
	 */
	private record Completion(TopicPartition partition, List<Pending> batch, @Nullable RelayOutcome outcome) {
	}

	/** One owned partition: its offsets, its records waiting, its held rooms. */
	private final class PartitionWork {

		private final TopicPartition partition;

		private final OffsetTracker offsets = new OffsetTracker();

		/** Records to send, in offset order (resends first). */
		private final ArrayDeque<Pending> waiting = new ArrayDeque<>();

		/**
		 * Rooms (record keys) held behind a record that can never be delivered; their
		 * records wait here, never committed past, until the durable state brings dead
		 * letters and release.
		 */
		private final Set<@Nullable String> heldRooms = new HashSet<>();

		private final List<Pending> parked = new ArrayList<>();

		private @Nullable Disposable inFlight;

		private @Nullable List<Pending> inFlightBatch;

		private long retryAt;

		PartitionWork(TopicPartition partition) {
			this.partition = partition;
		}

		void read(ConsumerRecord<String, byte[]> record) {
			offsets.read(record.offset());
			waiting.add(new Pending(record.offset(), record.key(),
					CloudEventRecords.read(new Position.LogOffset(record.topic(), record.partition(), record.offset()),
							record.headers(), record.value())));
		}

		/**
		 * Sends the next records in offset order, as one delivery: the relay keeps each
		 * room's order within it.
		 */
		void dispatch(long now) {
			if (inFlight != null || waiting.isEmpty() || now - retryAt < 0) {
				return;
			}
			List<Pending> batch = new ArrayList<>();
			List<IncomingEvent> events = new ArrayList<>();
			Set<String> ids = new HashSet<>();
			while (!waiting.isEmpty() && batch.size() < MAX_BATCH) {
				Pending next = waiting.peek();
				if (isHeld(next.key())) {
					park(waiting.poll(), null);
					continue;
				}
				if (next.read() instanceof Read.NotAnEvent notAnEvent) {
					park(waiting.poll(), notAnEvent.detail());
					continue;
				}
				IncomingEvent event = incoming(next);
				String id = event.id();
				if (id != null && !ids.add(id)) {
					// The log holds the event twice: the second goes in the next delivery
					// (the queue's deduplication drops it).
					break;
				}
				batch.add(waiting.poll());
				events.add(event);
			}
			if (batch.isEmpty()) {
				return;
			}
			inFlightBatch = batch;
			inFlight = relay.relay(events)
				.subscribe(outcome -> completions.add(new Completion(partition, batch, outcome)),
						error -> completions.add(new Completion(partition, batch, null)));
		}

		private IncomingEvent incoming(Pending pending) {
			return ((Read.Event) pending.read()).event();
		}

		private boolean isHeld(@Nullable String key) {
			return heldRooms.contains(key) || heldRooms.contains(null);
		}

		/**
		 * Holds the record's room (a record without a key: the whole partition), loudly:
		 * nothing is committed past it until the durable relay state can dead-letter it.
		 */
		private void park(Pending pending, @Nullable String problem) {
			if (problem != null) {
				heldRooms.add(pending.key());
				logger.error(
						"Kafka record {}-{}@{} (room {}) cannot be delivered: {}. Its room is held and the"
								+ " partition's offset is not committed past it until it is dead-lettered or released",
						partition.topic(), partition.partition(), pending.offset(), pending.key(), problem);
			}
			parked.add(pending);
			held.increment();
		}

		void settle(List<Pending> batch, @Nullable RelayOutcome outcome) {
			inFlight = null;
			inFlightBatch = null;
			List<Pending> resend = new ArrayList<>();
			if (outcome instanceof RelayOutcome.Relayed relayed) {
				for (int i = 0; i < batch.size(); i++) {
					Pending pending = batch.get(i);
					EventFate fate = relayed.events().get(i).fate();
					if (fate.isDelivered()) {
						offsets.done(pending.offset());
						delivered.increment();
					}
					else if (fate instanceof EventFate.RejectedByQueue) {
						park(pending, "the queue refuses its message for good (rejected_by_queue)");
					}
					else {
						resend.add(pending);
					}
				}
			}
			else if (outcome instanceof RelayOutcome.InvalidEvents invalid) {
				Map<Long, String> problems = new HashMap<>();
				invalid.invalid()
					.forEach(bad -> problems.put(((Position.LogOffset) bad.event().position()).offset(),
							bad.problem().code() + ": " + bad.problem().detail()));
				for (Pending pending : batch) {
					String problem = problems.get(pending.offset());
					if (problem != null) {
						park(pending, problem);
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
				Map<Long, String> problems = new HashMap<>();
				fault.mistranslated()
					.forEach(bad -> problems.put(((Position.LogOffset) bad.incoming().position()).offset(),
							"legacy_schema: its legacy message " + bad.command() + " fails the legacy JSON Schema "
									+ bad.violations()));
				batch.stream()
					.filter(pending -> problems.containsKey(pending.offset()))
					.forEach(pending -> park(pending, problems.get(pending.offset())));
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

		private void requeue(List<Pending> resend) {
			List<Pending> ordered = new ArrayList<>(resend);
			ordered.sort(Comparator.comparingLong(Pending::offset).reversed());
			ordered.forEach(waiting::addFirst);
		}

		void abandon() {
			Disposable current = inFlight;
			if (current != null) {
				current.dispose();
			}
			inFlight = null;
			inFlightBatch = null;
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
			assigned.forEach(partition -> partitions.computeIfAbsent(partition, PartitionWork::new));
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
