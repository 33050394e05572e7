package io.aclgateway.relay.intake.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.aclgateway.testing.EmbeddedSqs;
import io.aclgateway.testing.GatewayIntegrationTest;
import io.aclgateway.testing.SignedEvents;
import io.aclgateway.testing.StandIns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Kafka intake's parallelism within one partition (issue 13, performance), seen on
 * the queue path: a slow queue ({@link SlowQueueFront}, every {@code SendMessageBatch}
 * held before it is passed on) and one partition. Different rooms of the partition are
 * sent in calls in flight together; one room never has two messages in flight, and each
 * room's events reach the queue once each, in the log's order.
 */
@GatewayIntegrationTest(upstreams = {}, queues = KafkaConcurrentDeliveriesIntegrationTests.QUEUE,
		properties = { "acl.events.kafka.state.create-topics=true", "acl.sqs.api-call-timeout=60s",
				"acl.sqs.api-call-attempt-timeout=30s", FalconLog.BROKERS })
@EmbeddedKafka(partitions = 1, topics = FalconLog.TOPIC)
class KafkaConcurrentDeliveriesIntegrationTests {

	static final String QUEUE = "kafka-concurrent.fifo";

	private static final JsonMapper json = JsonMapper.builder().build();

	static final SlowQueueFront front = new SlowQueueFront();

	private final EmbeddedSqs sqs;

	private final String queueUrl;

	@Value("${acl.events.kafka.bootstrap-servers}")
	String bootstrapServers;

	KafkaConcurrentDeliveriesIntegrationTests(StandIns standIns) {
		this.sqs = standIns.sqs();
		this.queueUrl = standIns.queueUrl();
	}

	@DynamicPropertySource
	static void throughTheSlowFront(DynamicPropertyRegistry registry) {
		registry.add("acl.sqs.endpoint", () -> front.endpoint().toString());
	}

	@AfterAll
	static void stopFront() {
		front.close();
	}

	@BeforeEach
	void emptyQueue() {
		front.passTo(sqs.endpoint(), Duration.ZERO);
		sqs.purge(queueUrl);
	}

	/**
	 * Forty rooms, one event each, in one partition, on a queue that takes 300 ms per
	 * call: delivered one after the other they would never be two calls in flight.
	 */
	@Test
	void roomsOfOnePartitionAreSentInCallsInFlightTogether() {
		front.passTo(sqs.endpoint(), Duration.ofMillis(300));
		Map<Long, Long> perRoom = new LinkedHashMap<>();
		try (FalconLog log = new FalconLog(bootstrapServers)) {
			for (long room = 5000; room < 5040; room++) {
				write(log, "spread-" + room, room, perRoom.merge(room, 1L, Long::sum));
			}
		}
		assertEachEventOnceInRoomOrder(perRoom, awaitOnQueue(perRoom));
		assertThat(front.mostCallsInFlight()).as("SendMessageBatch calls in flight at once, one partition")
			.isGreaterThanOrEqualTo(2);
	}

	/**
	 * Three rooms, fifteen events each, interleaved and written 20 ms apart on a queue
	 * that takes 150 ms per call: the relay reads them one or two at a time, so a room's
	 * next event is read while its previous one is in flight (and free delivery slots are
	 * there to send it). It waits: no room ever has messages in two calls in flight,
	 * while the three rooms are sent together, and each room's reach the queue in order.
	 */
	@Test
	void aRoomNeverHasTwoMessagesInFlightWhileOtherRoomsAreSentTogether() throws InterruptedException {
		front.passTo(sqs.endpoint(), Duration.ofMillis(150));
		Map<Long, Long> perRoom = new LinkedHashMap<>();
		try (FalconLog log = new FalconLog(bootstrapServers)) {
			for (int n = 0; n < 45; n++) {
				long room = 6000 + (n % 3);
				write(log, "same-" + n, room, perRoom.merge(room, 1L, Long::sum));
				Thread.sleep(20);
			}
		}
		List<JsonNode> received = awaitOnQueue(perRoom);
		assertThat(front.overlaps()).as("rooms with messages in two calls in flight at once").isEmpty();
		assertThat(front.mostCallsInFlight()).as("calls in flight at once (the test needs concurrency)")
			.isGreaterThanOrEqualTo(2);
		assertEachEventOnceInRoomOrder(perRoom, received);
	}

	private static void write(FalconLog log, String id, long room, long mid) {
		log.structured(Long.toString(room), json.readTree(SignedEvents.messagePosted(id, room, mid, "m" + mid)));
	}

	/** The queue's messages, taken off it until every event's is there. */
	private List<JsonNode> awaitOnQueue(Map<Long, Long> perRoom) {
		long total = perRoom.values().stream().mapToLong(Long::longValue).sum();
		List<JsonNode> received = new ArrayList<>();
		await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
			for (Message message : sqs.drain(queueUrl)) {
				received.add(json.readTree(message.body()));
			}
			assertThat((long) received.size()).isGreaterThanOrEqualTo(total);
		});
		return received;
	}

	/**
	 * Every event passed on to the queue once (no resend: the queue fails nothing here),
	 * and the queue holds each room's messages 1..n in order.
	 */
	private void assertEachEventOnceInRoomOrder(Map<Long, Long> perRoom, List<JsonNode> received) {
		long total = perRoom.values().stream().mapToLong(Long::longValue).sum();
		assertThat(front.passedOn()).as("passed on to the queue once each")
			.doesNotHaveDuplicates()
			.hasSize((int) total);
		Map<Long, List<Long>> byRoom = new LinkedHashMap<>();
		received.forEach(message -> byRoom.computeIfAbsent(message.get("rid").asLong(), room -> new ArrayList<>())
			.add(message.get("mid").asLong()));
		Map<Long, List<Long>> expected = new LinkedHashMap<>();
		perRoom.forEach((room, count) -> expected.put(room, LongStream.rangeClosed(1, count).boxed().toList()));
		assertThat(byRoom).as("each room's messages on the queue, in order").isEqualTo(expected);
	}

}
