package io.aclgateway.relay.intake.kafka;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.kafka.test.context.EmbeddedKafka;

import io.aclgateway.testing.EmbeddedSqs;
import io.aclgateway.testing.GatewayIntegrationTest;
import io.aclgateway.testing.StandIns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every example pair of {@code contracts/examples} written to Falcon's event log, in
 * binary and in structured mode, reaches the real FIFO queue exactly as the example says:
 * body, member order, attributes, group and deduplication ids.
 */
@GatewayIntegrationTest(upstreams = {}, queues = KafkaContractExamplesIntegrationTests.QUEUE,
		properties = { "acl.events.kafka.state.create-topics=true", FalconLog.BROKERS })
@EmbeddedKafka(partitions = 2, topics = FalconLog.TOPIC)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KafkaContractExamplesIntegrationTests {

	static final String QUEUE = "kafka-contracts.fifo";

	private static final JsonMapper json = JsonMapper.builder().build();

	private final EmbeddedSqs sqs;

	private final String queueUrl;

	@Value("${acl.events.kafka.bootstrap-servers}")
	String bootstrapServers;

	@Autowired
	KafkaIntake intake;

	private FalconLog log;

	KafkaContractExamplesIntegrationTests(StandIns standIns) {
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
	void everyExampleInBinaryModeReachesTheQueueAsTheExampleSays() throws Exception {
		replayAll(log::binary);
	}

	@Test
	void everyExampleInStructuredModeReachesTheQueueAsTheExampleSays() throws Exception {
		replayAll(log::structured);
	}

	private interface Mode {

		void write(String room, JsonNode event);

	}

	/**
	 * A fresh queue and a relay without memory first: the same event ids went through the
	 * other mode, and the queue's deduplication and the relay's per-room state would drop
	 * them.
	 */
	private void replayAll(Mode mode) throws IOException {
		sqs.stop();
		sqs.restart();
		sqs.createFifoQueue(QUEUE);
		List<Path> examples;
		try (Stream<Path> list = Files.list(Path.of("contracts", "examples"))) {
			examples = list.filter(p -> p.toString().endsWith(".json")).sorted().toList();
		}
		assertThat(examples).isNotEmpty();
		Set<String> rooms = new HashSet<>();
		for (Path example : examples) {
			rooms.add(json.readTree(example.toFile()).get("event").get("data").get("roomId").asString());
		}
		intake.stop();
		log.forgetRelayState(rooms);
		intake.start();
		for (Path example : examples) {
			JsonNode pair = json.readTree(example.toFile());
			JsonNode event = pair.get("event");
			JsonNode expected = pair.get("messages");
			mode.write(event.get("data").get("roomId").asString(), event);
			List<Message> received = new ArrayList<>();
			await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
				received.addAll(sqs.drain(queueUrl));
				assertThat(received).as(example.toString()).hasSizeGreaterThanOrEqualTo(expected.size());
			});
			assertThat(received).as(example.toString()).hasSize(expected.size());
			for (int i = 0; i < expected.size(); i++) {
				JsonNode want = expected.get(i);
				Message got = received.get(i);
				JsonNode body = json.readTree(got.body());
				assertThat(body).as("%s message %d", example, i).isEqualTo(want.get("body"));
				assertThat(new ArrayList<>(body.propertyNames())).as("member order")
					.isEqualTo(new ArrayList<>(want.get("body").propertyNames()));
				assertThat(attributes(got)).isEqualTo(expectedAttributes(want));
				assertThat(got.attributes().get(MessageSystemAttributeName.MESSAGE_GROUP_ID))
					.isEqualTo(want.get("groupId").asString());
				assertThat(got.attributes().get(MessageSystemAttributeName.MESSAGE_DEDUPLICATION_ID))
					.isEqualTo(want.get("deduplicationId").asString());
			}
		}
	}

	private static Map<String, String> attributes(Message message) {
		Map<String, String> attributes = new TreeMap<>();
		message.messageAttributes().forEach((name, value) -> attributes.put(name, value.stringValue()));
		return attributes;
	}

	private static Map<String, String> expectedAttributes(JsonNode message) {
		Map<String, String> attributes = new TreeMap<>();
		message.get("attributes")
			.properties()
			.forEach(entry -> attributes.put(entry.getKey(), entry.getValue().asString()));
		return attributes;
	}

}
