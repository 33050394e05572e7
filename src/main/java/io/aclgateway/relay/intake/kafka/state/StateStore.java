package io.aclgateway.relay.intake.kafka.state;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state topics of the Kafka intake (docs/design/relay-state.md 5): checked at start,
 * read back per partition on assignment by a group-less consumer, written by the
 * partition's owner with the source record's partition number, {@code acks=all} and
 * idempotence.
 */
public final class StateStore implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(StateStore.class);

	/** The longest a partition's state may take to read back before it is tried again. */
	private static final Duration RESTORE_TIMEOUT = Duration.ofMinutes(5);

	private final KafkaStateProperties properties;

	private final Map<String, Object> consumerConfig;

	private final Map<String, Object> adminConfig;

	private final KafkaProducer<String, byte[]> producer;

	private final ExecutorService restorers;

	private final Clock clock;

	/** Source topic to its Kafka topic id, known once {@link #prepare} ran. */
	private volatile Map<String, String> topicIds = Map.of();

	/**
	 * A store over these client settings (Spring Boot's {@code spring.kafka.*} with the
	 * intake's brokers); the producer's delivery guarantees are set here.
	 */
	public StateStore(KafkaStateProperties properties, Map<String, Object> producerConfig,
			Map<String, Object> consumerConfig, Map<String, Object> adminConfig, Clock clock) {
		this.properties = properties;
		this.clock = clock;
		Map<String, Object> producing = new HashMap<>(producerConfig);
		// A state write is what makes "nothing twice" hold: every in-sync replica has it,
		// and a retry never writes it twice or out of order.
		producing.put(ProducerConfig.ACKS_CONFIG, "all");
		producing.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
		producing.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 5);
		producing.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
		this.producer = new KafkaProducer<>(producing, new StringSerializer(), new ByteArraySerializer());
		Map<String, Object> reading = new HashMap<>(consumerConfig);
		reading.remove(ConsumerConfig.GROUP_ID_CONFIG);
		reading.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
		reading.remove(ConsumerConfig.CLIENT_ID_CONFIG);
		reading.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		reading.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
		this.consumerConfig = reading;
		this.adminConfig = new HashMap<>(adminConfig);
		AtomicInteger threads = new AtomicInteger();
		this.restorers = Executors.newCachedThreadPool(task -> {
			Thread thread = new Thread(task, "acl-kafka-state-restore-" + threads.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		});
	}

	/**
	 * Checks every source topic's state topic (creating it if so configured) and learns
	 * the source topics' ids.
	 * @throws IllegalStateException naming the topic and the problem
	 */
	public void prepare(Collection<String> sourceTopics) {
		try (Admin admin = Admin.create(adminConfig)) {
			topicIds = Map.copyOf(StateTopics.prepare(admin, sourceTopics, properties));
		}
	}

	/** The source topic's Kafka topic id. */
	public String topicId(String sourceTopic) {
		String id = topicIds.get(sourceTopic);
		if (id == null) {
			throw new IllegalStateException("the source topic " + sourceTopic + " was not prepared");
		}
		return id;
	}

	/** The state topic of a source topic. */
	public String stateTopic(String sourceTopic) {
		return sourceTopic + properties.topicSuffix();
	}

	/**
	 * The rooms of a source partition as its state partition holds them, read from the
	 * beginning to the end offset found when the read starts; off the caller's thread.
	 */
	public CompletableFuture<RoomStates> restore(TopicPartition source) {
		return CompletableFuture.supplyAsync(() -> read(source), restorers);
	}

	private RoomStates read(TopicPartition source) {
		TopicPartition state = new TopicPartition(stateTopic(source.topic()), source.partition());
		RoomStates rooms = new RoomStates(properties.recentIds());
		long started = System.nanoTime();
		int records = 0;
		try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(consumerConfig, new StringDeserializer(),
				new ByteArrayDeserializer())) {
			consumer.assign(List.of(state));
			long end = consumer.endOffsets(List.of(state)).getOrDefault(state, 0L);
			consumer.seekToBeginning(List.of(state));
			long deadline = started + RESTORE_TIMEOUT.toNanos();
			while (consumer.position(state) < end) {
				if (System.nanoTime() - deadline > 0) {
					throw new IllegalStateException(new TimeoutException(
							"reading " + state + " to offset " + end + " took longer than " + RESTORE_TIMEOUT));
				}
				for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
					if (record.offset() >= end || record.key() == null || record.key().startsWith("#")) {
						continue;
					}
					rooms.restored(record.key(), (record.value() != null) ? RoomStateJson.read(record.value()) : null);
					records++;
				}
			}
		}
		logger.info("Kafka intake: read {} state records of {} ({} rooms) in {} ms", records, state, rooms.size(),
				Duration.ofNanos(System.nanoTime() - started).toMillis());
		return rooms;
	}

	/**
	 * Writes the rooms' states to the source partition's state partition; completes when
	 * every record is acknowledged by all in-sync replicas (on the producer's thread).
	 */
	public CompletableFuture<Void> write(TopicPartition source, Map<String, RoomState> rooms) {
		RoomStateJson.Source from = new RoomStateJson.Source(source.topic(), topicId(source.topic()),
				source.partition());
		String topic = stateTopic(source.topic());
		List<CompletableFuture<Void>> acks = new ArrayList<>();
		rooms.forEach((room, roomState) -> {
			CompletableFuture<Void> ack = new CompletableFuture<>();
			acks.add(ack);
			try {
				producer.send(new ProducerRecord<>(topic, source.partition(), room,
						RoomStateJson.write(room, from, roomState)), (metadata, error) -> {
							if (error != null) {
								ack.completeExceptionally(error);
							}
							else {
								ack.complete(null);
							}
						});
			}
			catch (RuntimeException ex) {
				ack.completeExceptionally(ex);
			}
		});
		return CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new));
	}

	/**
	 * Waits until every state record written so far is acknowledged (or failed): a
	 * revoked partition's next owner then reads them.
	 */
	public void flush() {
		producer.flush();
	}

	/** A new timestamp for a room's state. */
	public Instant now() {
		return clock.instant();
	}

	@Override
	public void close() {
		restorers.shutdownNow();
		producer.close(Duration.ofSeconds(10));
	}

}
