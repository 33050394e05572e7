package io.aclgateway.relay.intake.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.kafka.test.context.EmbeddedKafka;

import io.aclgateway.testing.EmbeddedSqs;
import io.aclgateway.testing.GatewayIntegrationTest;
import io.aclgateway.testing.SignedEvents;
import io.aclgateway.testing.StandIns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Kafka intake under failure (events.md 5.2), with a real broker and a real FIFO
 * queue: offsets are committed only below what the queue acknowledged, a relay restarted
 * from an older offset sends nothing twice, the queue's outage loses nothing and keeps
 * each room's order, and without a dead-letter queue a record that is not an event holds
 * only its room, loudly, its partition's commit moving on.
 */
@GatewayIntegrationTest(upstreams = {}, queues = KafkaRelayIntegrationTests.QUEUE,
		properties = { "acl.sqs.api-call-timeout=2s", "acl.events.queue-breaker.open-duration=1s",
				"acl.events.kafka.retry-backoff=300ms", "acl.events.kafka.state.create-topics=true",
				FalconLog.BROKERS })
@EmbeddedKafka(partitions = KafkaRelayIntegrationTests.PARTITIONS, topics = FalconLog.TOPIC)
@ExtendWith(OutputCaptureExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KafkaRelayIntegrationTests {

	static final String QUEUE = "kafka-relay.fifo";

	static final int PARTITIONS = 2;

	private static final JsonMapper json = JsonMapper.builder().build();

	private final EmbeddedSqs sqs;

	private final String queueUrl;

	@Value("${acl.events.kafka.bootstrap-servers}")
	String bootstrapServers;

	@Autowired
	KafkaIntake intake;

	@Autowired
	MeterRegistry meters;

	private FalconLog log;

	/** Every message taken off the queue so far, in the queue's order. */
	private final List<Message> received = new ArrayList<>();

	KafkaRelayIntegrationTests(StandIns standIns) {
		this.sqs = standIns.sqs();
		this.queueUrl = standIns.queueUrl();
	}

	@BeforeAll
	void connect() {
		log = new FalconLog(bootstrapServers);
	}

	@AfterAll
	void disconnect() {
		log.close();
	}

	@Test
	@Order(1)
	void aRelayRestartedBelowWhatItDeliveredSendsNothingTwice() {
		produce("restart", 12, 4);
		awaitReceived(12);
		awaitAllCommitted();

		// Stopped after the queue acknowledged and before the commit: the group's
		// position is behind what the queue has.
		intake.stop();
		log.resetGroupToStart(PARTITIONS);
		intake.start();

		awaitAllCommitted();
		assertThat(sqs.drain(queueUrl)).as("the replay sent nothing the queue had").isEmpty();
		assertEachEventOnceInRoomOrder(received);
		assertThat(meters.find("kafka.consumer.fetch.manager.records.lag.max").meters())
			.as("the consumer's own metrics, lag among them")
			.isNotEmpty();
	}

	@Test
	@Order(2)
	void whileTheQueueIsDownNothingIsCommittedAndThenItCatchesUpWithNothingLostAndRoomsInOrder() throws Exception {
		received.clear();
		Map<Integer, Long> before = log.committedByPartition();
		sqs.stop();
		produce("outage", 20, 4);
		await().during(Duration.ofSeconds(3))
			.atMost(Duration.ofSeconds(10))
			.pollInterval(Duration.ofMillis(300))
			.untilAsserted(() -> assertThat(log.committedByPartition()).as("nothing acknowledged, nothing committed")
				.isEqualTo(before));

		sqs.restart();
		sqs.createFifoQueue(QUEUE);

		awaitReceived(20);
		awaitAllCommitted();
		assertEachEventOnceInRoomOrder(received);
	}

	@Test
	@Order(3)
	void withoutADeadLetterQueueARecordThatIsNotAnEventHoldsOnlyItsRoomLoudlyAndTheCommitMovesOn(
			CapturedOutput output) {
		received.clear();
		double heldBefore = held();
		RecordMetadata bad = log.raw("900", "not a cloud event");
		log.structured("900", event("held-1", 900, 1));
		for (int i = 0; i < 4; i++) {
			log.structured("901", event("flows-" + i, 901, i + 1));
			log.structured("902", event("flows-b-" + i, 902, i + 1));
		}

		awaitReceived(8);
		assertThat(received).extracting(message -> json.readTree(message.body()).get("rid").asLong())
			.as("room 900's valid event waits behind its bad record")
			.doesNotContain(900L);
		// Both of room 900's records are safe in the parking topic: the commit moves on.
		awaitAllCommitted();
		await().untilAsserted(
				() -> assertThat(held() - heldBefore).as("the bad record and the one behind it").isEqualTo(2));
		assertThat(meters.get("acl.relay.held.rooms").gauge().value()).isEqualTo(1);
		assertThat(meters.get("acl.relay.parked.records").gauge().value()).isEqualTo(1);
		assertThat(output.getAll()).contains("ERROR")
			.contains("Room 900 is held")
			.contains("invalid_cloudevent")
			.contains(FalconLog.TOPIC + "-" + bad.partition() + "@" + bad.offset())
			.contains("no dead-letter queue is configured");
		assertEachEventOnceInRoomOrder(received);
	}

	private double held() {
		return meters.get("acl.relay.events").tag("source", "kafka").tag("outcome", "held").counter().count();
	}

	/**
	 * Events spread over rooms, each room's message ids increasing in the order they are
	 * written.
	 */
	private void produce(String prefix, int count, int rooms) {
		for (int i = 0; i < count; i++) {
			long room = 100 + (i % rooms);
			JsonNode event = event(prefix + "-" + i, room, i + 1);
			if (i % 2 == 0) {
				log.binary(Long.toString(room), event);
			}
			else {
				log.structured(Long.toString(room), event);
			}
		}
	}

	private static JsonNode event(String id, long room, long messageId) {
		return json.readTree(SignedEvents.messagePosted(id, room, messageId, "m" + messageId));
	}

	private void awaitReceived(int count) {
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			received.addAll(sqs.drain(queueUrl));
			assertThat(received).hasSizeGreaterThanOrEqualTo(count);
		});
		assertThat(received).hasSize(count);
	}

	private void awaitAllCommitted() {
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
			Map<Integer, Long> committed = log.committedByPartition();
			log.endOffsets(PARTITIONS)
				.forEach((partition, end) -> assertThat(committed.getOrDefault(partition, 0L))
					.as("partition %d committed to its end", partition)
					.isEqualTo(end));
		});
	}

	/** Each eid once; within each message group, message ids only increase. */
	private static void assertEachEventOnceInRoomOrder(List<Message> messages) {
		List<String> eids = messages.stream()
			.map(message -> json.readTree(message.body()).get("eid").asString())
			.toList();
		assertThat(eids).doesNotHaveDuplicates();
		Map<String, Long> last = new HashMap<>();
		for (Message message : messages) {
			String group = message.attributes().get(MessageSystemAttributeName.MESSAGE_GROUP_ID);
			long messageId = json.readTree(message.body()).get("mid").asLong();
			Long previous = last.put(group, messageId);
			assertThat(previous == null || previous < messageId)
				.as("room %s in order: %s then %s", group, previous, messageId)
				.isTrue();
		}
	}

}
