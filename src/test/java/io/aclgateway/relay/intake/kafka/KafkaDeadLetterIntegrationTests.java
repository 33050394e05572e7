package io.aclgateway.relay.intake.kafka;

import java.nio.charset.StandardCharsets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.OptionalLong;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.aclgateway.relay.delivery.sqs.DeadLetterSchema;
import io.aclgateway.relay.release.RoomRelease;
import io.aclgateway.testing.BatchEntryFaults;
import io.aclgateway.testing.DashboardMetrics;
import io.aclgateway.testing.EmbeddedSqs;
import io.aclgateway.testing.GatewayIntegrationTest;
import io.aclgateway.testing.SignedEvents;
import io.aclgateway.testing.StandIns;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A bad event stops only its room (events.md 5.2.4), with a real broker, a real FIFO
 * legacy queue and a real FIFO dead-letter queue (WireMock in front of them, to make the
 * legacy queue refuse chosen messages): the bad event is dead-lettered with its reason,
 * its room's later events wait in the parking topic while every other room flows and the
 * partition's commit moves on; the held room survives a restart; a release (skip, or
 * redeliver once the cause is fixed) lets the room's parked events flow in order, each
 * once.
 */
@GatewayIntegrationTest(upstreams = {},
		queues = { KafkaDeadLetterIntegrationTests.QUEUE, KafkaDeadLetterIntegrationTests.DEAD_LETTERS },
		properties = { "acl.events.dead-letter-queue-url=${stand-ins.queue-url.kafka-dead-letters.fifo}",
				"acl.events.kafka.state.create-topics=true", "acl.events.kafka.retry-backoff=300ms",
				// Refusals are on purpose; the queue's breaker must not open.
				"acl.events.queue-breaker.minimum-calls=100", "acl.events.kafka.state.max-parked-per-room=3",
				FalconLog.BROKERS })
@EmbeddedKafka(partitions = 2, topics = FalconLog.TOPIC)
class KafkaDeadLetterIntegrationTests {

	static final String QUEUE = "kafka-dlq-relay.fifo";

	static final String DEAD_LETTERS = "kafka-dead-letters.fifo";

	private static final JsonMapper json = JsonMapper.builder().build();

	static final BatchEntryFaults entryFaults = new BatchEntryFaults("kafka-entry-faults");

	@RegisterExtension
	static WireMockExtension sqsFront = WireMockExtension.newInstance()
		.options(wireMockConfig().dynamicPort().extensions(entryFaults))
		.build();

	private final EmbeddedSqs sqs;

	private final String queueUrl;

	private final String deadLetterUrl;

	@Value("${acl.events.kafka.bootstrap-servers}")
	String bootstrapServers;

	@Autowired
	KafkaIntake intake;

	@LocalManagementPort
	int managementPort;

	@Autowired
	MeterRegistry meters;

	@Autowired
	TestReleases releases;

	private FalconLog log;

	private final List<Message> received = new ArrayList<>();

	KafkaDeadLetterIntegrationTests(StandIns standIns) {
		this.sqs = standIns.sqs();
		this.queueUrl = standIns.queueUrl();
		this.deadLetterUrl = standIns.queueUrl(DEAD_LETTERS);
	}

	/** The releases a test sets, instead of the release file. */
	@TestConfiguration(proxyBeanMethods = false)
	static class Releases {

		@Bean
		@Primary
		TestReleases testReleases() {
			return new TestReleases();
		}

	}

	/** The gateway talks to both queues through the WireMock in front of them. */
	@DynamicPropertySource
	static void throughTheSqsFront(DynamicPropertyRegistry registry) {
		registry.add("acl.sqs.endpoint", sqsFront::baseUrl);
	}

	@AfterEach
	void disconnect() {
		log.close();
	}

	@BeforeEach
	void frontOfTheQueue() {
		sqsFront.resetAll();
		sqsFront.stubFor(
				post(urlEqualTo("/")).atPriority(10).willReturn(aResponse().proxiedFrom(sqs.endpoint().toString())));
		sqsFront
			.stubFor(post(urlEqualTo("/")).withHeader("X-Amz-Target", containing(BatchEntryFaults.SEND_MESSAGE_BATCH))
				.atPriority(5)
				.willReturn(aResponse().withTransformers(entryFaults.getName())));
		entryFaults.passTo(sqs.endpoint());
		// The legacy queue refuses for good any message whose text says POISON.
		entryFaults.fail(entry -> entry.get("MessageBody").asString().contains("POISON")
				? Optional.of(new BatchEntryFaults.Fault(true, "InvalidMessageContents")) : Optional.empty());
		received.clear();
		log = new FalconLog(bootstrapServers);
	}

	@Test
	void anInvalidEventIsDeadLetteredHoldsOnlyItsRoomAndASkipLetsTheRoomFlowInOrder() {
		log.structured("700", event("a-1", 700, 1, "before"));
		RecordMetadata poison = log.structured("700", event("a-bad", 700, 2, ""));
		log.binary("700", event("a-3", 700, 3, "held"));
		for (int i = 0; i < 4; i++) {
			log.structured("701", event("b-" + i, 701, i + 1, "flows"));
		}
		log.structured("700", event("a-4", 700, 4, "held too"));

		awaitReceived(5);
		assertThat(rooms(received)).containsOnly(700L, 701L).filteredOn(room -> room == 700L).hasSize(1);
		List<Message> deadLetters = awaitDeadLetters(1);
		Message letter = deadLetters.get(0);
		assertThat(attributes(letter)).containsExactlyInAnyOrderEntriesOf(Map.of("reason", "invalid_data", "eid",
				"a-bad", "rid", "700", "intake", "kafka", "detail", attributes(letter).get("detail")));
		assertThat(attributes(letter).get("detail")).isNotBlank();
		assertThat(letter.attributes().get(MessageSystemAttributeName.MESSAGE_GROUP_ID)).isEqualTo("700");
		assertThat(DeadLetterSchema.errors(letter.body())).isEmpty();
		JsonNode body = json.readTree(letter.body());
		assertThat(body.at("/source/offset").asLong()).isEqualTo(poison.offset());
		assertThat(body.at("/source/partition").asInt()).isEqualTo(poison.partition());
		assertThat(body.at("/original/value/id").asString()).isEqualTo("a-bad");
		awaitCommittedToTheEnd();
		await().untilAsserted(() -> {
			assertThat(gauge("acl.relay.held.rooms")).isEqualTo(1);
			assertThat(gauge("acl.relay.parked.records")).isEqualTo(2);
		});
		assertThat(counter("dead_lettered")).isEqualTo(1);
		// The view is a snapshot taken about once a second.
		await().untilAsserted(() -> {
			JsonNode view = relayView();
			assertThat(view.at("/running").asBoolean()).isTrue();
			assertThat(view.at("/partitions")).hasSize(2);
			JsonNode heldRoom = view.at("/heldRooms/0");
			assertThat(heldRoom.at("/room").asString()).isEqualTo("700");
			assertThat(heldRoom.at("/eid").asString()).isEqualTo("a-bad");
			assertThat(heldRoom.at("/reason").asString()).isEqualTo("invalid_data");
			assertThat(heldRoom.at("/offset").asLong()).isEqualTo(poison.offset());
			assertThat(heldRoom.at("/deadLettered").asBoolean()).isTrue();
			assertThat(heldRoom.at("/parkedRecords").asInt()).isEqualTo(2);
		});

		releases.set(new RoomRelease(700, Optional.of("a-other"), OptionalLong.empty(), RoomRelease.Action.SKIP,
				"stale: names another event"));
		await().during(Duration.ofSeconds(1)).untilAsserted(() -> assertThat(sqs.drain(queueUrl)).isEmpty());
		releases.set(new RoomRelease(700, Optional.of("a-bad"), OptionalLong.empty(), RoomRelease.Action.SKIP,
				"OPS-1 empty body"));

		awaitReceived(7);
		log.structured("700", event("a-5", 700, 5, "live again"));
		awaitReceived(8);
		assertThat(messageIds(received, 700)).containsExactly(1L, 3L, 4L, 5L);
		assertEachEventOnceInRoomOrder(received);
		await().untilAsserted(() -> {
			assertThat(gauge("acl.relay.held.rooms")).isZero();
			assertThat(gauge("acl.relay.parked.records")).isZero();
		});
		awaitCommittedToTheEnd();
		releases.set();

		// A replay after the queue forgot its deduplication: the skipped event is in the
		// room's memory like the delivered ones, so nothing is sent and nothing held.
		intake.stop();
		sqs.purge(queueUrl);
		log.resetGroupToStart(2);
		double deadLetteredBefore = counter("dead_lettered");
		intake.start();
		awaitCommittedToTheEnd();
		await().during(Duration.ofSeconds(1)).untilAsserted(() -> assertThat(sqs.drain(queueUrl)).isEmpty());
		assertThat(counter("dead_lettered")).as("the skipped event is not dead-lettered again")
			.isEqualTo(deadLetteredBefore);
		assertThat(gauge("acl.relay.held.rooms")).as("room 700 is not held again").isZero();
	}

	@Test
	void aHeldRoomWhoseParkingIsFullMakesItsPartitionWaitAndNothingIsLost() {
		String room = "730";
		String neighbour = sameRoomPartition(room);
		log.structured(room, event("c-bad", 730, 1, ""));
		for (int i = 2; i <= 6; i++) {
			log.structured(room, event("c-" + i, 730, i, "held"));
		}
		log.structured(neighbour, event("n-1", Long.parseLong(neighbour), 1, "behind the full room"));

		awaitDeadLetters(1);
		await().untilAsserted(() -> assertThat(gauge("acl.relay.parked.records")).isEqualTo(3));
		await().during(Duration.ofSeconds(2))
			.untilAsserted(
					() -> assertThat(sqs.drain(queueUrl)).as("the partition waits behind the full room").isEmpty());
		assertThat(gauge("acl.relay.parked.records")).as("the bound holds").isEqualTo(3);

		releases.set(new RoomRelease(730, Optional.of("c-bad"), OptionalLong.empty(), RoomRelease.Action.SKIP,
				"OPS-3 empty body"));
		awaitReceived(6);
		assertThat(messageIds(received, 730)).containsExactly(2L, 3L, 4L, 5L, 6L);
		assertThat(rooms(received)).contains(Long.parseLong(neighbour));
		assertEachEventOnceInRoomOrder(received);
		awaitCommittedToTheEnd();
		releases.set();
	}

	/** Another room whose records land in the same partition as this room's. */
	private static String sameRoomPartition(String room) {
		int partition = partitionOf(room);
		for (long candidate = 731;; candidate++) {
			if (partitionOf(Long.toString(candidate)) == partition) {
				return Long.toString(candidate);
			}
		}
	}

	private static int partitionOf(String key) {
		return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % 2;
	}

	@Test
	void theDashboardsRelayRowAsksOnlyForMetricsTheRelayExports() {
		Set<String> asked = new TreeSet<>(DashboardMetrics.asked());
		asked.removeIf(DashboardMetrics.RELAY_ONLY.negate());
		assertThat(asked).as("the relay row's metrics").contains("acl_relay_events_total", "acl_relay_held_rooms");
		await().untilAsserted(
				() -> assertThat(DashboardMetrics.exported(management("/actuator/prometheus"))).containsAll(asked));
	}

	/** {@code /actuator/relay} on the management port, as an operator reads it. */
	private JsonNode relayView() {
		return json.readTree(management("/actuator/relay"));
	}

	private String management(String path) {
		HttpResponse<String> response;
		try {
			response = HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(URI.create("http://localhost:" + managementPort + path)).build(),
						HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		assertThat(response.statusCode()).isEqualTo(200);
		return response.body();
	}

	@Test
	void aRoomHeldBehindAnEventTheQueueRefusesStaysHeldThroughARestartAndFlowsOnceRedelivered() {
		log.structured("710", event("r-1", 710, 1, "before"));
		log.structured("710", event("r-poison", 710, 2, "POISON"));
		log.structured("710", event("r-3", 710, 3, "held"));
		log.structured("711", event("s-1", 711, 1, "flows"));
		awaitReceived(2);
		Message letter = awaitDeadLetters(1).get(0);
		assertThat(attributes(letter)).containsEntry("reason", "rejected_by_queue").containsEntry("eid", "r-poison");
		assertThat(DeadLetterSchema.errors(letter.body())).isEmpty();
		awaitCommittedToTheEnd();

		intake.stop();
		intake.start();
		log.structured("710", event("r-4", 710, 4, "held after the restart"));
		log.structured("711", event("s-2", 711, 2, "flows"));
		awaitReceived(3);
		awaitCommittedToTheEnd();
		await().during(Duration.ofSeconds(2))
			.untilAsserted(() -> assertThat(messageIds(received, 710)).as("nothing of room 710 around its hole")
				.containsExactly(1L));
		assertThat(gauge("acl.relay.held.rooms")).isEqualTo(1);
		assertThat(gauge("acl.relay.parked.records")).isEqualTo(2);

		// The fix: the queue takes the message now.
		entryFaults.fail(entry -> Optional.empty());
		releases.set(new RoomRelease(710, Optional.of("r-poison"), OptionalLong.empty(), RoomRelease.Action.REDELIVER,
				"OPS-2 queue policy fixed"));

		awaitReceived(6);
		assertThat(messageIds(received, 710)).containsExactly(1L, 2L, 3L, 4L);
		assertEachEventOnceInRoomOrder(received);
		await().untilAsserted(() -> assertThat(gauge("acl.relay.held.rooms")).isZero());
		await().during(Duration.ofSeconds(1)).untilAsserted(() -> assertThat(sqs.drain(queueUrl)).isEmpty());
		assertThat(sqs.drain(deadLetterUrl)).isEmpty();
		releases.set();
	}

	private static JsonNode event(String id, long room, long messageId, String body) {
		return json.readTree(SignedEvents.messagePosted(id, room, messageId, body));
	}

	private void awaitReceived(int count) {
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			received.addAll(sqs.drain(queueUrl));
			assertThat(received).hasSizeGreaterThanOrEqualTo(count);
		});
		assertThat(received).hasSize(count);
	}

	private List<Message> awaitDeadLetters(int count) {
		List<Message> letters = new ArrayList<>();
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			letters.addAll(sqs.drain(deadLetterUrl));
			assertThat(letters).hasSizeGreaterThanOrEqualTo(count);
		});
		assertThat(letters).hasSize(count);
		return letters;
	}

	private void awaitCommittedToTheEnd() {
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
			Map<Integer, Long> committed = log.committedByPartition();
			log.endOffsets(2)
				.forEach((partition, end) -> assertThat(committed.getOrDefault(partition, 0L))
					.as("partition %d committed to its end, past the held records", partition)
					.isEqualTo(end));
		});
	}

	private static Map<String, String> attributes(Message message) {
		Map<String, String> attributes = new java.util.HashMap<>();
		message.messageAttributes().forEach((name, value) -> attributes.put(name, value.stringValue()));
		return attributes;
	}

	private double gauge(String name) {
		return meters.get(name).gauge().value();
	}

	private double counter(String outcome) {
		return meters.get("acl.relay.events").tag("source", "kafka").tag("outcome", outcome).counter().count();
	}

	private static List<Long> rooms(List<Message> messages) {
		return messages.stream().map(message -> json.readTree(message.body()).get("rid").asLong()).toList();
	}

	private static List<Long> messageIds(List<Message> messages, long room) {
		return messages.stream()
			.map(message -> json.readTree(message.body()))
			.filter(body -> body.get("rid").asLong() == room)
			.map(body -> body.get("mid").asLong())
			.toList();
	}

	/** Each eid once; within each message group, message ids only increase. */
	private static void assertEachEventOnceInRoomOrder(List<Message> messages) {
		assertThat(messages.stream().map(message -> json.readTree(message.body()).get("eid").asString()).toList())
			.doesNotHaveDuplicates();
		Map<String, Long> last = new java.util.HashMap<>();
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
