package io.aclgateway.relay.intake.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.aclgateway.relay.intake.kafka.state.KafkaStateProperties;

/**
 * The parking topic {@code <source><parked-topic-suffix>} (docs/design/relay-state.md
 * 6.4): compacted, co-partitioned with its source, always written to the source record's
 * partition. A held room's bad record is parked first, marked as the held one, then each
 * later record of the room verbatim; on assignment the partition is read to its end and
 * the held rooms rebuilt from what is there; a record delivered or skipped is tombstoned.
 */
final class ParkingLot implements AutoCloseable {

	/** On the held record's copy: why it is held (its error code). */
	static final String REASON = "acl-held-reason";

	/** On the held record's copy: the detail of the problem. */
	static final String DETAIL = "acl-held-detail";

	/** On the held record's copy: whether it is on the dead-letter queue. */
	static final String DEAD_LETTERED = "acl-dead-lettered";

	/** On the held record's copy once its room is released: skip or redeliver. */
	static final String RELEASED = "acl-released";

	static final String SOURCE_TOPIC = "acl-source-topic";

	static final String SOURCE_PARTITION = "acl-source-partition";

	static final String SOURCE_OFFSET = "acl-source-offset";

	private static final Logger logger = LoggerFactory.getLogger(ParkingLot.class);

	private static final Duration RESTORE_TIMEOUT = Duration.ofSeconds(60);

	private final Producer<String, byte[]> producer;

	private final Supplier<Consumer<String, byte[]>> readers;

	private final Supplier<Admin> admins;

	private final KafkaStateProperties properties;

	private final Set<String> checked = new HashSet<>();

	ParkingLot(Producer<String, byte[]> producer, Supplier<Consumer<String, byte[]>> readers, Supplier<Admin> admins,
			KafkaStateProperties properties) {
		this.producer = producer;
		this.readers = readers;
		this.admins = admins;
		this.properties = properties;
	}

	/** The most records parked behind one held room before its partition waits. */
	int maxParkedPerRoom() {
		return properties.maxParkedPerRoom();
	}

	/** How the held record of a room is marked in the parking topic. */
	record Mark(String reason, String detail, boolean deadLettered, @Nullable String released) {
	}

	/** A record read back from the parking topic: the source record and its mark. */
	record Parked(SourceRecord record, @Nullable Mark mark) {
	}

	String topicFor(String source) {
		return source + properties.parkedTopicSuffix();
	}

	/**
	 * Creates the parking topic of a source topic when it is missing and the relay is
	 * told to create topics; from the consumer thread, once per topic.
	 */
	void ensureTopic(String source, int partitions) {
		if (!properties.createTopics() || !checked.add(source)) {
			return;
		}
		NewTopic topic = new NewTopic(topicFor(source), Optional.of(partitions), Optional.empty())
			.configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
		try (Admin admin = admins.get()) {
			admin.createTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
			logger.info("Created the parking topic {} ({} partitions, compacted)", topic.name(), partitions);
		}
		catch (ExecutionException ex) {
			if (!(ex.getCause() instanceof TopicExistsException)) {
				checked.remove(source);
				throw new IllegalStateException("Could not create the parking topic " + topic.name(), ex.getCause());
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			checked.remove(source);
		}
		catch (TimeoutException ex) {
			checked.remove(source);
			throw new IllegalStateException("Could not create the parking topic " + topic.name() + " in 30s", ex);
		}
	}

	/**
	 * Parks a record verbatim in its source partition's parking partition, with its
	 * coordinates and, for the held record, its mark; completes when acknowledged.
	 */
	CompletableFuture<Void> park(SourceRecord record, @Nullable Mark mark) {
		List<Header> headers = new ArrayList<>(record.headers());
		headers.add(text(SOURCE_TOPIC, record.topic()));
		headers.add(text(SOURCE_PARTITION, Integer.toString(record.partition())));
		headers.add(text(SOURCE_OFFSET, Long.toString(record.offset())));
		if (mark != null) {
			headers.add(text(REASON, mark.reason()));
			headers.add(text(DETAIL, mark.detail()));
			headers.add(text(DEAD_LETTERED, Boolean.toString(mark.deadLettered())));
			if (mark.released() != null) {
				headers.add(text(RELEASED, mark.released()));
			}
		}
		return send(new ProducerRecord<>(topicFor(record.topic()), record.partition(), record.timestamp(),
				record.parkedKey(), record.value(), headers));
	}

	/** Removes a parked record (compaction drops it). */
	CompletableFuture<Void> tombstone(SourceRecord record) {
		return send(new ProducerRecord<>(topicFor(record.topic()), record.partition(), record.parkedKey(), null));
	}

	private CompletableFuture<Void> send(ProducerRecord<String, byte[]> record) {
		CompletableFuture<Void> acknowledged = new CompletableFuture<>();
		try {
			producer.send(record, (metadata, error) -> {
				if (error != null) {
					acknowledged.completeExceptionally(error);
				}
				else {
					acknowledged.complete(null);
				}
			});
		}
		catch (RuntimeException ex) {
			acknowledged.completeExceptionally(ex);
		}
		return acknowledged;
	}

	/**
	 * Every record parked for a source partition and not tombstoned, in the parking
	 * topic's order: the partition is read to its end by a consumer of no group.
	 */
	List<Parked> restore(TopicPartition source) {
		TopicPartition parking = new TopicPartition(topicFor(source.topic()), source.partition());
		Map<String, Parked> live = new LinkedHashMap<>();
		try (Consumer<String, byte[]> reader = readers.get()) {
			if (reader.partitionsFor(parking.topic()).isEmpty()) {
				return List.of();
			}
			reader.assign(List.of(parking));
			reader.seekToBeginning(List.of(parking));
			long end = reader.endOffsets(List.of(parking)).getOrDefault(parking, 0L);
			long deadline = System.nanoTime() + RESTORE_TIMEOUT.toNanos();
			while (reader.position(parking) < end) {
				if (System.nanoTime() - deadline > 0) {
					throw new IllegalStateException("The parking partition " + parking + " was not read to its end ("
							+ end + ") within " + RESTORE_TIMEOUT);
				}
				for (ConsumerRecord<String, byte[]> record : reader.poll(Duration.ofMillis(200))) {
					if (record.value() == null) {
						live.remove(record.key());
					}
					else {
						live.remove(record.key());
						live.put(record.key(), parked(record));
					}
				}
			}
		}
		return List.copyOf(live.values());
	}

	private static Parked parked(ConsumerRecord<String, byte[]> record) {
		List<Header> original = new ArrayList<>();
		for (Header header : record.headers()) {
			if (!header.key().startsWith("acl-")) {
				original.add(header);
			}
		}
		String key = record.key();
		String room = key.substring(0, key.lastIndexOf(':'));
		SourceRecord source = new SourceRecord(header(record, SOURCE_TOPIC, ""),
				Integer.parseInt(header(record, SOURCE_PARTITION, "0")),
				Long.parseLong(header(record, SOURCE_OFFSET, "0")), record.timestamp(), room.isEmpty() ? null : room,
				original, record.value());
		String reason = lastHeader(record, REASON);
		Mark mark = (reason != null)
				? new Mark(reason, header(record, DETAIL, ""),
						Boolean.parseBoolean(header(record, DEAD_LETTERED, "false")), lastHeader(record, RELEASED))
				: null;
		return new Parked(source, mark);
	}

	private static String header(ConsumerRecord<String, byte[]> record, String name, String absent) {
		String value = lastHeader(record, name);
		return (value != null) ? value : absent;
	}

	private static @Nullable String lastHeader(ConsumerRecord<String, byte[]> record, String name) {
		Header header = record.headers().lastHeader(name);
		return (header != null && header.value() != null) ? new String(header.value(), StandardCharsets.UTF_8) : null;
	}

	private static Header text(String name, String value) {
		return new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8));
	}

	@Override
	public void close() {
		producer.close(Duration.ofSeconds(5));
	}

}
