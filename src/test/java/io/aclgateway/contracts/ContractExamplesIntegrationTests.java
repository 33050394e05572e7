package io.aclgateway.contracts;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import tools.jackson.core.json.JsonWriteFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.web.server.LocalServerPort;

import io.aclgateway.testing.EmbeddedSqs;
import io.aclgateway.testing.GatewayIntegrationTest;
import io.aclgateway.testing.SignedEvents;
import io.aclgateway.testing.StandIns;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Replays every example pair in {@code contracts/examples} through the running gateway
 * (real HTTP, signed) into a real FIFO queue, and holds what arrives to the example and
 * to the legacy command's JSON Schema (formats asserted): body (members and their order),
 * attributes, group and deduplication ids.
 */
@GatewayIntegrationTest(upstreams = {}, queues = "contracts.fifo")
class ContractExamplesIntegrationTests {

	static final Path CONTRACTS = Path.of("contracts");

	static final JsonMapper json = JsonMapper.builder().build();

	static final JsonMapper asciiJson = JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();

	@LocalServerPort
	int port;

	private final EmbeddedSqs sqs;

	private final String queueUrl;

	ContractExamplesIntegrationTests(StandIns standIns) {
		this.sqs = standIns.sqs();
		this.queueUrl = standIns.queueUrl();
	}

	@BeforeEach
	void emptyQueue() {
		sqs.purge(queueUrl);
	}

	static Stream<Path> examples() throws IOException {
		return files(CONTRACTS.resolve("examples"));
	}

	static Stream<Path> invalidExamples() throws IOException {
		return files(CONTRACTS.resolve("examples/invalid"));
	}

	private static Stream<Path> files(Path dir) throws IOException {
		try (Stream<Path> list = Files.list(dir)) {
			List<Path> found = list.filter(p -> p.toString().endsWith(".json")).sorted().toList();
			assertThat(found).as("examples in " + dir).isNotEmpty();
			return found.stream();
		}
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("examples")
	void theGatewayTurnsTheExampleEventIntoExactlyTheExampleMessages(Path example) throws Exception {
		JsonNode pair = json.readTree(example.toFile());
		JsonNode event = pair.get("event");
		assertValid(ContractSchemas.falcon(event.get("type").asString()), event, "the example event");

		HttpResponse<String> response = new SignedEvents(port).post(SignedEvents.SINGLE,
				json.writeValueAsString(event));

		assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
		List<Message> received = sqs.drain(queueUrl);
		JsonNode expected = pair.get("messages");
		assertThat(received).hasSize(expected.size());
		for (int i = 0; i < expected.size(); i++) {
			JsonNode want = expected.get(i);
			Message got = received.get(i);
			JsonNode body = json.readTree(got.body());
			assertThat(body).as("body of message %d", i).isEqualTo(want.get("body"));
			assertThat(names(body)).as("member order of message %d", i).isEqualTo(names(want.get("body")));
			assertValid(ContractSchemas.legacy(body.get("cmd").asString()), body, "message " + i);
			assertThat(attributes(got)).as("attributes of message %d", i).isEqualTo(expectedAttributes(want));
			assertThat(got.attributes().get(MessageSystemAttributeName.MESSAGE_GROUP_ID))
				.isEqualTo(want.get("groupId").asString());
			assertThat(got.attributes().get(MessageSystemAttributeName.MESSAGE_DEDUPLICATION_ID))
				.isEqualTo(want.get("deduplicationId").asString());
		}
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("invalidExamples")
	void theGatewayRefusesTheInvalidExampleWithItsCodeAndSendsNothing(Path example) throws Exception {
		JsonNode invalid = json.readTree(example.toFile());

		// Escaped as the file writes it: a lone surrogate has no UTF-8 form, only a \\u
		// escape.
		HttpResponse<String> response = new SignedEvents(port).post(SignedEvents.SINGLE,
				asciiJson.writeValueAsString(invalid.get("event")));

		assertThat(response.statusCode()).as(response.body()).isEqualTo(422);
		JsonNode problem = json.readTree(response.body());
		assertThat(problem.get("code").asString()).isEqualTo("invalid_events");
		assertThat(problem.get("errors").get(0).get("code").asString()).isEqualTo(invalid.get("code").asString());
		assertThat(sqs.drain(queueUrl)).isEmpty();
	}

	private static void assertValid(Schema schema, JsonNode node, String what) {
		List<Error> errors = schema.validate(node);
		assertThat(errors).as(what + " against its schema").isEmpty();
	}

	private static List<String> names(JsonNode object) {
		return new ArrayList<>(object.propertyNames());
	}

	private static Map<String, String> attributes(Message message) {
		Map<String, String> attributes = new TreeMap<>();
		message.messageAttributes().forEach((name, value) -> {
			assertThat(value.dataType()).isEqualTo("String");
			attributes.put(name, value.stringValue());
		});
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
