package io.aclgateway.contracts;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Reader;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.aclgateway.testing.BatchEntryFaults;
import io.aclgateway.testing.EmbeddedSqs;
import io.aclgateway.relay.translation.LegacyTranslator;
import io.aclgateway.testing.GatewayIntegrationTest;
import io.aclgateway.testing.MistranslatingTranslator;
import io.aclgateway.testing.SignedEvents;
import io.aclgateway.testing.StandIns;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every response example of {@code contracts/openapi.yaml} is a real answer: for each one
 * this test sends the request that gives it (see {@link #REQUESTS}, keyed by the
 * example's name) to the running gateway and holds the answer to the contract: status,
 * media type, headers (required ones present, each valid for its schema) and body valid
 * for the response's schema in openapi.yaml (formats asserted), and to the example,
 * exactly, as JSON. Queue faults come from WireMock standing between the SDK and
 * ElasticMQ, failing the entries of chosen events as SQS would.
 */
@GatewayIntegrationTest(upstreams = {}, queues = "openapi.fifo", properties = { "acl.events.send-attempts=2",
		// The 503 example fails on purpose; the queue's breaker must not open because of
		// it.
		"acl.events.queue-breaker.minimum-calls=100" })
class OpenApiExamplesIntegrationTests {

	static final Path OPENAPI = Path.of("contracts/openapi.yaml");

	static final String BATCH_TARGET = BatchEntryFaults.SEND_MESSAGE_BATCH;

	static final BatchEntryFaults entryFaults = new BatchEntryFaults("openapi-entry-faults");

	static final JsonMapper json = JsonMapper.builder().build();

	static final HttpClient HTTP = HttpClient.newHttpClient();

	@RegisterExtension
	static WireMockExtension sqsFront = WireMockExtension.newInstance()
		.options(wireMockConfig().dynamicPort().extensions(entryFaults))
		.build();

	/**
	 * The task.created of contracts/examples with three assignees (three messages), in
	 * room 4100001.
	 */
	static final String TASK_ID = "c9f0f895-fb98-4b91-8f3e-1a2b3c4d5e15";

	/**
	 * The event whose message the translator standing in gets wrong: a 500 cannot be
	 * provoked from outside, since the real translator makes no message its schema
	 * refuses (FalconEventSchemaPropertyTests).
	 */
	static final String MISTRANSLATED = "a87ff679-a2f3-471d-8c8b-1a2b3c4d5e31";

	/** The real translator, but for {@link #MISTRANSLATED}: it drops that one's aid. */
	@TestConfiguration(proxyBeanMethods = false)
	static class BuggyTranslator {

		@Bean
		@Primary
		LegacyTranslator mistranslatingTranslator() {
			return new MistranslatingTranslator(Set.of(MISTRANSLATED));
		}

	}

	/**
	 * The request behind each response example, by the example's name. A fault names an
	 * event id whose messages the queue fails: {@code transient} as an SQS outage would
	 * (retried, then given up), {@code content} as SQS refusing the message itself
	 * ({@code InvalidMessageContents}).
	 */
	static final Map<String, Exchange> REQUESTS = Map.ofEntries(
			Map.entry("accepted", signed(SignedEvents.BATCH, () -> array(requestExample(), taskCreated()))),
			Map.entry("invalid_json", signed(SignedEvents.SINGLE, () -> "{\"specversion\":\"1.0\",")),
			Map.entry("invalid_cloudevent", signed(SignedEvents.SINGLE, () -> array(requestExample()))),
			Map.entry("batch_size", signed(SignedEvents.BATCH, () -> "[]")),
			Map.entry("duplicate_id", signed(SignedEvents.BATCH, () -> array(requestExample(), requestExample()))),
			Map.entry("unauthenticated", new Exchange(Map.of(),
					port -> send(HttpRequest.newBuilder(new SignedEvents(port).uri())
						.header("Content-Type", SignedEvents.SINGLE)
						.POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(requestExample())))))),
			Map.entry("request_too_large",
					new Exchange(Map.of(), OpenApiExamplesIntegrationTests::declaredOverTheLimit)),
			Map.entry("unsupported_media_type", new Exchange(Map.of(),
					port -> send(HttpRequest.newBuilder(new SignedEvents(port).uri())
						.header("Content-Type", "application/json")
						.POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(requestExample())))))),
			Map.entry("invalid_events", signed(SignedEvents.BATCH,
					() -> array(requestExample(),
							withRoom(withId(requestExample(), "0e7c9a1b-5d3f-4a2e-8b6c-000000000014"), "04100001")))),
			Map.entry("rejected_by_queue", new Exchange(Map.of("e4da3b7f-bbce-4345-8777-1a2b3c4d5e21", "content"),
					signedSend(SignedEvents.BATCH, () -> array(requestExample(),
							withRoom(withId(requestExample(), "e4da3b7f-bbce-4345-8777-1a2b3c4d5e21"), "4100002"),
							withRoom(withId(requestExample(), "1679091c-5a88-4faf-9fb6-1a2b3c4d5e22"), "4100002"))))),
			Map.entry("translation_failed",
					signed(SignedEvents.SINGLE,
							() -> json.writeValueAsString(withId(requestExample(), MISTRANSLATED)))),
			Map.entry("queue_unavailable", new Exchange(Map.of(TASK_ID, "transient"),
					signedSend(SignedEvents.BATCH, () -> array(requestExample(), taskCreated())))));

	@LocalServerPort
	int port;

	private final EmbeddedSqs sqs;

	private final String queueUrl;

	OpenApiExamplesIntegrationTests(StandIns standIns) {
		this.sqs = standIns.sqs();
		this.queueUrl = standIns.queueUrl();
	}

	/** The gateway talks to the queue through the WireMock in front of it. */
	@DynamicPropertySource
	static void throughTheSqsFront(DynamicPropertyRegistry registry) {
		registry.add("acl.sqs.endpoint", sqsFront::baseUrl);
	}

	@BeforeEach
	void queueInFront() {
		sqsFront.resetAll();
		sqs.purge(queueUrl);
		sqsFront.stubFor(
				post(urlEqualTo("/")).atPriority(10).willReturn(aResponse().proxiedFrom(sqs.endpoint().toString())));
		sqsFront.stubFor(post(urlEqualTo("/")).atPriority(1)
			.withHeader("X-Amz-Target", containing(BATCH_TARGET))
			.willReturn(aResponse().withTransformers(entryFaults.getName())));
		entryFaults.fail(faults(Map.of()));
		entryFaults.passTo(sqs.endpoint());
	}

	static Stream<Arguments> responseExamples() throws IOException {
		List<Arguments> examples = new ArrayList<>();
		Map<String, Object> responses = map(postEvents().get("responses"));
		responses.forEach((status, response) -> map(map(response).get("content")).forEach((mediaType, content) -> {
			assertThat(map(content))
				.as("%s %s: examples are named (examples:, not example:), so that each has its request", status,
						mediaType)
				.doesNotContainKey("example");
			map(map(content).getOrDefault("examples", Map.of())).forEach((name, example) -> examples
				.add(Arguments.of(status + " " + name, Integer.parseInt(status), mediaType, name,
						map(example).get("value"), map(map(response).getOrDefault("headers", Map.of())))));
		}));
		assertThat(examples).as("response examples in " + OPENAPI).isNotEmpty();
		return examples.stream();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("responseExamples")
	void theGatewayAnswersExactlyTheExample(String label, int status, String mediaType, String name, Object value,
			Map<String, Object> headers) throws Exception {
		Exchange exchange = REQUESTS.get(name);
		assertThat(exchange).as("the request that gives the example %s: add it to REQUESTS", name).isNotNull();
		entryFaults.fail(faults(exchange.faults()));

		Answer answer = exchange.send().to(port);

		assertThat(answer.status()).as(answer.body()).isEqualTo(status);
		assertThat(MediaType.parseMediaType(answer.contentType())
			.equalsTypeAndSubtype(MediaType.parseMediaType(mediaType)))
			.as("Content-Type %s is %s", answer.contentType(), mediaType)
			.isTrue();
		headers.forEach((header, spec) -> {
			Map<String, Object> declared = resolve(map(spec));
			if (Boolean.TRUE.equals(declared.get("required"))) {
				assertThat(answer.header(header)).as("header " + header).isPresent();
			}
			answer.header(header)
				.ifPresent(text -> assertThat(
						ContractSchemas.validate(ContractSchemas.openApi(headerSchema(status, header, map(spec))),
								headerValue(text, map(declared.get("schema")))))
					.as("header %s: %s against openapi.yaml", header, text)
					.isEmpty());
		});
		JsonNode body = json.readTree(answer.body());
		assertThat(ContractSchemas
			.validate(ContractSchemas.openApi(ContractSchemas.postEventsResponse(status, mediaType)), body))
			.as("the answer against its schema in openapi.yaml: %s", answer.body())
			.isEmpty();
		assertThat(body).as("the answer to the request of example %s", name).isEqualTo(json.valueToTree(value));
	}

	@Test
	void everyRequestHereGivesAnExampleOfTheContract() throws IOException {
		assertThat(responseExamples().map(arguments -> (String) arguments.get()[3])).as("example names in " + OPENAPI)
			.containsExactlyInAnyOrderElementsOf(REQUESTS.keySet());
	}

	/**
	 * So that every documented answer is checked against its schema with a real answer of
	 * the gateway.
	 */
	@Test
	void everyDocumentedResponseHasAnExampleAndSoARealRequest() {
		map(postEvents().get("responses")).forEach((status, response) -> {
			assertThat(map(map(response).get("content"))).as("%s has content", status).isNotEmpty();
			map(map(response).get("content"))
				.forEach((mediaType, content) -> assertThat(map(map(content).getOrDefault("examples", Map.of())))
					.as("%s %s: a named example, given by a request in REQUESTS", status, mediaType)
					.isNotEmpty());
		});
	}

	@Test
	void theRequestBodyExampleIsAccepted() throws Exception {
		Answer answer = signed(SignedEvents.SINGLE, () -> json.writeValueAsString(requestExample())).send().to(port);

		// Not counted on the queue: the FIFO queue may drop it as a repeat of the other
		// examples' event.
		assertThat(answer.status()).as(answer.body()).isEqualTo(202);
	}

	// --- the contract, read with SnakeYAML

	private static Map<String, Object> openapi() {
		try (Reader reader = Files.newBufferedReader(OPENAPI)) {
			return new Yaml().load(reader);
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

	private static Map<String, Object> postEvents() {
		return map(map(map(openapi().get("paths")).get("/events")).get("post"));
	}

	/**
	 * The pointer to the schema of a response header, through the header's {@code $ref}
	 * if it has one.
	 */
	private static String headerSchema(int status, String header, Map<String, Object> spec) {
		Object ref = spec.get("$ref");
		String at = (ref instanceof String pointer) ? pointer.substring(1)
				: "/paths/~1events/post/responses/" + status + "/headers/" + ContractSchemas.escape(header);
		return at + "/schema";
	}

	/**
	 * A header's text as the JSON value its schema describes (HTTP headers are text;
	 * OpenAPI types them).
	 */
	private static JsonNode headerValue(String text, Map<String, Object> schema) {
		if ("integer".equals(schema.get("type")) && text.matches("-?[0-9]{1,18}")) {
			return json.getNodeFactory().numberNode(Long.parseLong(text));
		}
		return json.getNodeFactory().stringNode(text);
	}

	/** A local {@code $ref} ({@code #/components/...}) followed to what it names. */
	private static Map<String, Object> resolve(Map<String, Object> node) {
		Object ref = node.get("$ref");
		if (!(ref instanceof String pointer) || !pointer.startsWith("#/")) {
			return node;
		}
		Object target = openapi();
		for (String step : pointer.substring(2).split("/")) {
			target = map(target).get(step);
		}
		return map(target);
	}

	/**
	 * The {@code application/cloudevents+json} request example: message.posted in room
	 * 4100001.
	 */
	private static ObjectNode requestExample() {
		Object example = map(
				map(map(map(postEvents().get("requestBody")).get("content")).get(SignedEvents.SINGLE)).get("example"));
		return (ObjectNode) json.valueToTree(example);
	}

	private static ObjectNode taskCreated() {
		return (ObjectNode) json.readTree(Path.of("contracts/examples/task-created-three-assignees.json").toFile())
			.get("event");
	}

	private static ObjectNode withId(ObjectNode event, String id) {
		event.put("id", id);
		return event;
	}

	private static ObjectNode withRoom(ObjectNode event, String roomId) {
		((ObjectNode) event.get("data")).put("roomId", roomId);
		return event;
	}

	private static String array(JsonNode... events) {
		ArrayNode array = json.createArrayNode();
		for (JsonNode event : events) {
			array.add(event);
		}
		return json.writeValueAsString(array);
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> map(Object yaml) {
		return (Map<String, Object>) yaml;
	}

	// --- requests

	private static Exchange signed(String contentType, Body body) {
		return new Exchange(Map.of(), signedSend(contentType, body));
	}

	private static Send signedSend(String contentType, Body body) {
		return port -> Answer.of(new SignedEvents(port).post(contentType, body.get()));
	}

	private static Answer send(HttpRequest.Builder request) throws Exception {
		return Answer.of(HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString()));
	}

	/**
	 * A {@code Content-Length} one byte over the default limit (5 MiB), and no body: the
	 * answer must come from the declared length alone. Written on a socket, since HTTP
	 * clients will not declare a length they do not send.
	 */
	private static Answer declaredOverTheLimit(int port) throws IOException {
		try (Socket socket = new Socket("localhost", port)) {
			socket.setSoTimeout(20_000);
			OutputStream out = socket.getOutputStream();
			out.write(("POST /events HTTP/1.1\r\nHost: localhost\r\nContent-Type: " + SignedEvents.SINGLE
					+ "\r\nContent-Length: " + (5 * 1024 * 1024 + 1) + "\r\n\r\n")
				.getBytes(StandardCharsets.US_ASCII));
			out.flush();
			InputStream in = socket.getInputStream();
			String head = readHead(in);
			String[] lines = head.split("\r\n");
			int status = Integer.parseInt(lines[0].split(" ")[1]);
			Map<String, List<String>> headers = new LinkedHashMap<>();
			for (int i = 1; i < lines.length; i++) {
				int colon = lines[i].indexOf(':');
				headers
					.computeIfAbsent(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
							h -> new ArrayList<>())
					.add(lines[i].substring(colon + 1).trim());
			}
			byte[] body;
			if (headers.containsKey("content-length")) {
				body = in.readNBytes(Integer.parseInt(headers.get("content-length").get(0)));
			}
			else {
				ByteArrayOutputStream chunks = new ByteArrayOutputStream();
				for (int size; (size = Integer.parseInt(readLine(in).split(";")[0].trim(), 16)) > 0; readLine(in)) {
					chunks.write(in.readNBytes(size));
				}
				body = chunks.toByteArray();
			}
			return new Answer(status, headers, new String(body, StandardCharsets.UTF_8));
		}
	}

	private static String readHead(InputStream in) throws IOException {
		StringBuilder head = new StringBuilder();
		for (String line; !(line = readLine(in)).isEmpty();) {
			head.append(line).append("\r\n");
		}
		return head.toString();
	}

	private static String readLine(InputStream in) throws IOException {
		ByteArrayOutputStream line = new ByteArrayOutputStream();
		for (int b; (b = in.read()) != '\n';) {
			assertThat(b).as("the answer ended early").isNotNegative();
			line.write(b);
		}
		return line.toString(StandardCharsets.US_ASCII).stripTrailing();
	}

	/** A request and the queue faults it needs. */
	record Exchange(Map<String, String> faults, Send send) {
	}

	@FunctionalInterface
	interface Send {

		Answer to(int port) throws Exception;

	}

	@FunctionalInterface
	interface Body {

		String get() throws Exception;

	}

	/** What the gateway answered. */
	record Answer(int status, Map<String, List<String>> headers, String body) {

		static Answer of(HttpResponse<String> response) {
			Map<String, List<String>> headers = new LinkedHashMap<>();
			response.headers().map().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), values));
			return new Answer(response.statusCode(), headers, response.body());
		}

		Optional<String> header(String name) {
			return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT))).map(values -> values.get(0));
		}

		String contentType() {
			return header("Content-Type").orElse("none/none");
		}

	}

	/**
	 * Entries the queue fails, by the event id in their body: {@code content} as SQS
	 * refusing the message itself, anything else ({@code transient}) as an outage of its
	 * own.
	 */
	private static Function<JsonNode, Optional<BatchEntryFaults.Fault>> faults(Map<String, String> byEventId) {
		return entry -> {
			String body = entry.get("MessageBody").asString();
			return byEventId.entrySet()
				.stream()
				.filter(fault -> body.contains("\"eid\":\"" + fault.getKey()))
				.findFirst()
				.map(fault -> fault.getValue().equals("content")
						? new BatchEntryFaults.Fault(true, "InvalidMessageContents")
						: new BatchEntryFaults.Fault(false, "InternalError"));
		};
	}

}
