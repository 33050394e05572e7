package io.aclgateway.relay.view;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;

import io.aclgateway.relay.core.RoomActivity;

/**
 * Every replica's view of the rooms pending or recently delivered on any replica
 * (docs/design/relay-state.md 8): a consumer of no group tails every partition of the
 * facts topic from the pending expiry ago, on a thread of its own, and folds the facts
 * into {@link SeenRooms}. Its age is the time since it last had read everything the topic
 * held when asked (a quiet topic is not stale); beyond the max staleness it answers
 * {@link Activity#UNKNOWN}.
 */
final class SharedRoomView implements RoomActivity, SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(SharedRoomView.class);

	/**
	 * How long deliveries are remembered: longer than any shadow lag window; a longer
	 * window is answered unknown.
	 */
	static final Duration REMEMBER_DELIVERIES = Duration.ofMinutes(1);

	private static final Duration POLL = Duration.ofMillis(100);

	/**
	 * How often the topic's end offsets are asked, to know how far behind the view is.
	 */
	private static final long END_CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

	private static final Duration END_TIMEOUT = Duration.ofSeconds(1);

	private static final Duration RETRY = Duration.ofSeconds(5);

	private static final long FORGET_EVERY_NANOS = TimeUnit.SECONDS.toNanos(1);

	private final Supplier<Consumer<String, byte[]>> consumers;

	private final Supplier<Admin> admins;

	private final String source;

	private final String topic;

	private final boolean createTopic;

	private final RoomViewProperties properties;

	private final Clock clock;

	private final SeenRooms rooms;

	/**
	 * When ({@link System#nanoTime()}) the view last had read all the topic held then.
	 */
	private volatile long currentAt;

	private volatile boolean running;

	private @Nullable Thread thread;

	private volatile @Nullable Consumer<String, byte[]> consumer;

	SharedRoomView(Supplier<Consumer<String, byte[]>> consumers, Supplier<Admin> admins, String source, String topic,
			boolean createTopic, RoomViewProperties properties, Clock clock, MeterRegistry meters) {
		this.consumers = consumers;
		this.admins = admins;
		this.source = source;
		this.topic = topic;
		this.createTopic = createTopic;
		this.properties = properties;
		this.clock = clock;
		this.rooms = new SeenRooms(properties.pendingExpiry(), REMEMBER_DELIVERIES);
		this.currentAt = System.nanoTime();
		Gauge.builder("acl.relay.view.lag", this, SharedRoomView::lagSeconds)
			.description("Time since this replica's view of the other replicas' pending rooms was last current")
			.baseUnit("seconds")
			.register(meters);
	}

	@Override
	public Activity activity(long roomId, Duration window) {
		if (lag().compareTo(properties.maxStaleness()) > 0 || window.compareTo(REMEMBER_DELIVERIES) > 0) {
			return Activity.UNKNOWN;
		}
		return rooms.isBusy(roomId, window, clock.instant()) ? Activity.BUSY : Activity.QUIET;
	}

	Duration lag() {
		return Duration.ofNanos(System.nanoTime() - currentAt);
	}

	private double lagSeconds() {
		return lag().toNanos() / 1e9;
	}

	@Override
	public synchronized void start() {
		if (running) {
			return;
		}
		running = true;
		currentAt = System.nanoTime();
		Thread loop = new Thread(this::run, "acl-room-view");
		loop.setDaemon(true);
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
		if (loop == null) {
			return;
		}
		Consumer<String, byte[]> reading = consumer;
		if (reading != null) {
			reading.wakeup();
		}
		// Out of an admin call or a wait between attempts, too.
		loop.interrupt();
		try {
			loop.join(TimeUnit.SECONDS.toMillis(10));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public boolean isRunning() {
		return running;
	}

	private void run() {
		while (running) {
			try {
				prepare();
				tail();
			}
			catch (WakeupException ex) {
				// Stopping.
			}
			catch (KafkaException | IllegalStateException ex) {
				if (running) {
					logger.error("Room view: not reading the facts topic {}, tried again in {}: {}", topic, RETRY,
							ex.getMessage());
					LockSupport.parkNanos(this, RETRY.toNanos());
				}
			}
		}
	}

	private void prepare() {
		Admin admin = admins.get();
		try {
			FactsTopic.prepare(admin, source, topic, createTopic);
		}
		finally {
			// Not the default close, which waits for unanswered calls for a minute.
			admin.close(FactsTopic.CLOSE_TIMEOUT);
		}
	}

	private void tail() {
		try (Consumer<String, byte[]> reading = consumers.get()) {
			consumer = reading;
			if (!running) {
				return;
			}
			List<TopicPartition> partitions = reading.partitionsFor(topic, END_TIMEOUT.multipliedBy(10))
				.stream()
				.map(partition -> new TopicPartition(topic, partition.partition()))
				.toList();
			reading.assign(partitions);
			startAtPendingExpiry(reading, partitions);
			Map<TopicPartition, Long> target = Map.of();
			long askedAt = 0;
			long forgotAt = System.nanoTime();
			while (running) {
				for (ConsumerRecord<String, byte[]> record : reading.poll(POLL)) {
					RoomFactJson.read(record.value()).ifPresent(rooms::apply);
				}
				if (!target.isEmpty() && reached(reading, target)) {
					currentAt = askedAt;
					target = Map.of();
				}
				long now = System.nanoTime();
				if (target.isEmpty() && now - askedAt >= END_CHECK_NANOS) {
					askedAt = now;
					target = endOffsets(reading, partitions);
				}
				if (now - forgotAt >= FORGET_EVERY_NANOS) {
					forgotAt = now;
					rooms.forget(clock.instant());
				}
			}
		}
		finally {
			consumer = null;
		}
	}

	/**
	 * From the pending expiry ago: an older pending fact no longer counts, an older
	 * delivery is past any window.
	 */
	private void startAtPendingExpiry(Consumer<String, byte[]> reading, List<TopicPartition> partitions) {
		long since = clock.millis() - properties.pendingExpiry().toMillis();
		Map<TopicPartition, Long> times = new HashMap<>();
		partitions.forEach(partition -> times.put(partition, since));
		Map<TopicPartition, @Nullable OffsetAndTimestamp> starts = reading.offsetsForTimes(times,
				END_TIMEOUT.multipliedBy(10));
		for (TopicPartition partition : partitions) {
			OffsetAndTimestamp start = starts.get(partition);
			if (start != null) {
				reading.seek(partition, start.offset());
			}
			else {
				reading.seekToEnd(List.of(partition));
			}
		}
	}

	/**
	 * The end offsets now, or none when the brokers do not answer soon (the view ages).
	 */
	private static Map<TopicPartition, Long> endOffsets(Consumer<String, byte[]> reading,
			List<TopicPartition> partitions) {
		try {
			return reading.endOffsets(partitions, END_TIMEOUT);
		}
		catch (org.apache.kafka.common.errors.TimeoutException ex) {
			return Map.of();
		}
	}

	private static boolean reached(Consumer<String, byte[]> reading, Map<TopicPartition, Long> target) {
		try {
			return target.entrySet()
				.stream()
				.allMatch(end -> reading.position(end.getKey(), END_TIMEOUT) >= end.getValue());
		}
		catch (org.apache.kafka.common.errors.TimeoutException ex) {
			return false;
		}
	}

}
