package io.aclgateway.relay.intake.kafka;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Falcon's side of the event log in a test: writes CloudEvents records in either mode of
 * the Kafka binding, keyed by room, and reads the relay group's committed offsets.
 */
final class FalconLog implements AutoCloseable {

	static final String TOPIC = "falcon.events";

	static final String GROUP = "acl-gateway-relay";

	static final String STATE_TOPIC = TOPIC + ".acl-state";

	/**
	 * The relay's brokers: the embedded broker's address, which it leaves in a system
	 * property of the test JVM. Not {@code @EmbeddedKafka(bootstrapServersProperty)}
	 * naming the relay's key: that system property outlives the broker and would turn the
	 * Kafka intake on in every later context of the JVM (KafkaIntakeOffIntegrationTests).
	 */
	static final String BROKERS = "acl.events.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final KafkaProducer<String, byte[]> producer;

	private final Admin admin;

	FalconLog(String bootstrapServers) {
		Map<String, Object> config = new HashMap<>();
		config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
		config.put(ProducerConfig.ACKS_CONFIG, "all");
		this.producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
		this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
	}

	/** The event as structured mode carries it: the value is the whole event. */
	RecordMetadata structured(String room, JsonNode event) {
		ProducerRecord<String, byte[]> record = new ProducerRecord<>(TOPIC, room, JSON.writeValueAsBytes(event));
		record.headers().add(header("content-type", "application/cloudevents+json; charset=utf-8"));
		return send(record);
	}

	/** The event as binary mode carries it: attributes in headers, the value is data. */
	RecordMetadata binary(String room, JsonNode event) {
		ObjectNode attributes = ((ObjectNode) event).deepCopy();
		JsonNode data = attributes.remove("data");
		JsonNode contentType = attributes.remove("datacontenttype");
		ProducerRecord<String, byte[]> record = new ProducerRecord<>(TOPIC, room,
				(data != null) ? JSON.writeValueAsBytes(data) : null);
		attributes.properties()
			.forEach(attribute -> record.headers()
				.add(header("ce_" + attribute.getKey(), attribute.getValue().asString())));
		record.headers()
			.add(header("content-type", (contentType != null) ? contentType.asString() : "application/json"));
		return send(record);
	}

	/**
	 * Tombstones the rooms in the relay's state topic (the relay stopped): a relay
	 * started afterwards knows nothing of them.
	 */
	void forgetRelayState(Collection<String> rooms) {
		rooms.forEach(room -> send(new ProducerRecord<>(STATE_TOPIC, room, null)));
	}

	/** A record in neither mode of the binding. */
	RecordMetadata raw(String room, String value) {
		return send(new ProducerRecord<>(TOPIC, room, value.getBytes(StandardCharsets.UTF_8)));
	}

	private RecordMetadata send(ProducerRecord<String, byte[]> record) {
		try {
			return producer.send(record).get();
		}
		catch (InterruptedException | ExecutionException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static RecordHeader header(String name, String value) {
		return new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8));
	}

	/** The relay group's committed position per partition of the topic (absent: none). */
	Map<Integer, Long> committedByPartition() {
		return committedByPartition(GROUP);
	}

	/** That group's committed position per partition of the topic (absent: none). */
	Map<Integer, Long> committedByPartition(String group) {
		try {
			Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
				.partitionsToOffsetAndMetadata()
				.get();
			Map<Integer, Long> committed = new HashMap<>();
			offsets.forEach((partition, offset) -> {
				if (partition.topic().equals(TOPIC) && offset != null) {
					committed.put(partition.partition(), offset.offset());
				}
			});
			return committed;
		}
		catch (InterruptedException | ExecutionException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** The log's end offset per partition of the topic. */
	Map<Integer, Long> endOffsets(int partitions) {
		Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
		for (int p = 0; p < partitions; p++) {
			latest.put(new TopicPartition(TOPIC, p), OffsetSpec.latest());
		}
		try {
			Map<Integer, Long> ends = new HashMap<>();
			admin.listOffsets(latest)
				.all()
				.get()
				.forEach((partition, info) -> ends.put(partition.partition(), info.offset()));
			return ends;
		}
		catch (InterruptedException | ExecutionException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Moves the (empty) group back to the start of the log, as an operator's reset does.
	 */
	void resetGroupToStart(int partitions) {
		Map<TopicPartition, OffsetAndMetadata> start = new HashMap<>();
		for (int p = 0; p < partitions; p++) {
			start.put(new TopicPartition(TOPIC, p), new OffsetAndMetadata(0));
		}
		try {
			admin.alterConsumerGroupOffsets(GROUP, start).all().get();
		}
		catch (InterruptedException | ExecutionException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Override
	public void close() {
		producer.close();
		admin.close();
	}

}
