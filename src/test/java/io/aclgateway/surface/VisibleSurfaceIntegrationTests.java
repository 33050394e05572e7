package io.aclgateway.surface;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.WireMockServer;
import org.junit.jupiter.api.Test;
import tools.jackson.core.json.JsonWriteFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.aclgateway.testing.GatewayIntegrationTest;
import io.aclgateway.testing.RawHttp;
import io.aclgateway.testing.SignedEvents;
import io.aclgateway.testing.StandIns;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

/**
 * What clients, Falcon and operators see, pinned in committed files under
 * {@code src/test/resources/surface}: the metric names and tags on
 * {@code /actuator/prometheus} after representative traffic, and the error body of each
 * kind the gateway writes (status, media type, dialect shape and codes; human sentences
 * stripped). A refactoring that changes any of them shows as a diff.
 */
@GatewayIntegrationTest(routing = """
		rules:
		  - name: new-ios
		    platforms: [ios]
		    target: falcon
		""", queues = "surface.fifo", properties = {
		// Small limits, so that a 413 and a 504 are quick to provoke.
		"acl.legacy.max-request-size=1KB", "acl.falcon.response-timeout=1s" })
class VisibleSurfaceIntegrationTests {

	/**
	 * The metric families operations.md documents and dashboards use; JVM and process
	 * meters vary by platform.
	 */
	static final Pattern PINNED = Pattern
		.compile("acl_.*|http_server_requests_.*|spring_cloud_gateway_requests_.*|resilience4j_circuitbreaker_.*");

	/**
	 * Tags whose values are our closed sets; others (uri, exception, ...) are pinned by
	 * name only.
	 */
	static final Pattern VALUES_PINNED = Pattern.compile("acl_.*|resilience4j_circuitbreaker_.*");

	static final Path CONTRACTS = Path.of("contracts");

	@LocalServerPort
	int port;

	@LocalManagementPort
	int managementPort;

	private final HttpClient http = HttpClient.newHttpClient();

	private final JsonMapper json = JsonMapper.builder().build();

	private final JsonMapper asciiJson = JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();

	private final WireMockServer falcon;

	private final WireMockServer legacy;

	VisibleSurfaceIntegrationTests(StandIns standIns) {
		this.falcon = standIns.falcon();
		this.legacy = standIns.legacy();
	}

	@Test
	void theErrorBodiesAndMetricsAreTheCommittedOnes() throws Exception {
		falcon.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200)));
		legacy.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200)));
		falcon
			.stubFor(any(urlPathEqualTo("/broken")).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
		legacy
			.stubFor(any(urlPathEqualTo("/broken")).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
		Map<String, String> answers = new TreeMap<>();

		get(port, "/v1/rooms", "ChatWork/5.3.1 (iOS 17.4.1; iPhone15,2)");
		get(port, "/v1/rooms", "ChatWorkAndroid/3.9.2");
		answers.put("proxy upstream reset, falcon client",
				answer(get(port, "/broken", "ChatWork/5.3.1 (iOS 17.4.1; iPhone15,2)")));
		answers.put("proxy upstream reset, legacy client", answer(get(port, "/broken", "ChatWorkAndroid/3.9.2")));
		falcon.stubFor(any(urlPathEqualTo("/slow")).willReturn(aResponse().withStatus(200).withFixedDelay(3_000)));
		answers.put("proxy upstream timeout, falcon client",
				answer(get(port, "/slow", "ChatWork/5.3.1 (iOS 17.4.1; iPhone15,2)")));
		answers.put("proxy request too large, legacy client",
				answer(send(HttpRequest.newBuilder(uri(port, "/v1/files"))
					.header("User-Agent", "ChatWorkAndroid/3.9.2")
					.POST(HttpRequest.BodyPublishers.ofString("x".repeat(2_048)))
					.build(), HttpResponse.BodyHandlers.ofString())));
		answers.put("proxy headers too large",
				raw(port, "GET /rooms HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(20_000) + "\r\n\r\n"));
		answers.put("proxy request line too long",
				raw(port, "GET /" + "a".repeat(10_000) + " HTTP/1.1\r\nHost: x\r\n\r\n"));
		answers.put("proxy malformed request", raw(port, "GET /rooms HTTP/1.1\r\nHost: x\r\nX-Name : value\r\n\r\n"));
		answers.put("proxy request target no URI", raw(port, "GET /a\\b HTTP/1.1\r\nHost: x\r\n\r\n"));
		answers.put("proxy underscore header dropped",
				answer(send(HttpRequest.newBuilder(uri(port, "/v1/rooms"))
					.header("User-Agent", "ChatWorkAndroid/3.9.2")
					.header("X_Forwarded_For", "6.6.6.6")
					.build(), HttpResponse.BodyHandlers.ofString())));
		answers.put("management headers too large", raw(managementPort,
				"GET /actuator/health HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(20_000) + "\r\n\r\n"));
		answers.put("management not found", answer(get(managementPort, "/nothing-here", "curl/8")));
		answers.put("management method not allowed",
				answer(send(HttpRequest.newBuilder(uri(managementPort, "/actuator/health")).DELETE().build(),
						HttpResponse.BodyHandlers.ofString())));

		SignedEvents events = new SignedEvents(port);
		String event = SignedEvents.messagePosted("s-1", 1, 1, "hi");
		answers.put("events accepted", answer(events.post(SignedEvents.SINGLE, event)));
		answers.put("events unsigned",
				answer(events.send(HttpRequest.newBuilder(events.uri())
					.header("Content-Type", SignedEvents.SINGLE)
					.POST(HttpRequest.BodyPublishers.ofString(event)))));
		answers.put("events unsupported media type", answer(events.post("text/plain", event)));
		answers.put("events invalid json", answer(events.post(SignedEvents.SINGLE, "{\"specversion\":")));
		answers.put("events not a cloudevent batch", answer(events.post(SignedEvents.BATCH, "{}")));
		answers.put("events batch too large",
				answer(events.post(SignedEvents.BATCH,
						IntStream.range(0, 101)
							.mapToObj(i -> SignedEvents.messagePosted("b-" + i, 1, 1, "hi"))
							.collect(Collectors.joining(",", "[", "]")))));
		answers.put("events duplicate id", answer(events.post(SignedEvents.BATCH, "[" + event + "," + event + "]")));
		answers.put("events request too large", answer(events.post(SignedEvents.SINGLE, "x".repeat(5_242_881))));
		try (Stream<Path> invalid = Files.list(CONTRACTS.resolve("examples/invalid"))) {
			for (Path example : invalid.sorted().toList()) {
				JsonNode file = json.readTree(example.toFile());
				answers.put("events invalid example " + example.getFileName(),
						answer(events.post(SignedEvents.SINGLE, asciiJson.writeValueAsString(file.get("event")))));
			}
		}
		// A type Falcon does not send, in a batch with a known one: both tags of
		// acl_events_total.
		answers.put("events unknown type in a batch",
				answer(events.post(SignedEvents.BATCH, "[" + SignedEvents.messagePosted("u-1", 1, 1, "hi") + ","
						+ event.replace("falcon.message.posted.v1", "falcon.message.pinned.v1").replace("s-1", "u-2")
						+ "]")));

		String errorBodies = answers.entrySet()
			.stream()
			.map(entry -> entry.getKey() + ": " + entry.getValue() + "\n")
			.collect(Collectors.joining());
		String metrics = metrics(get(managementPort, "/actuator/prometheus", "curl/8").body());
		Snapshot.assertMatch(Map.of("error-bodies.txt", errorBodies, "metrics.txt", metrics));
	}

	/**
	 * One line per series: the name, and its tags' names (values too for our closed
	 * sets), sorted.
	 */
	static String metrics(String exposition) {
		TreeSet<String> series = new TreeSet<>();
		Pattern line = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)\\})? .*");
		Pattern label = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");
		for (String text : exposition.lines().filter(l -> !l.startsWith("#") && !l.isBlank()).toList()) {
			Matcher m = line.matcher(text);
			if (!m.matches() || !PINNED.matcher(m.group(1)).matches()) {
				continue;
			}
			List<String> labels = new ArrayList<>();
			if (m.group(2) != null) {
				Matcher l = label.matcher(m.group(2));
				while (l.find()) {
					String name = l.group(1);
					if (name.equals("le") || name.equals("application")) {
						continue;
					}
					labels.add(VALUES_PINNED.matcher(m.group(1)).matches() ? name + "=" + l.group(2) : name);
				}
			}
			labels.sort(null);
			series.add(m.group(1) + "{" + String.join(",", labels) + "}");
		}
		return String.join("\n", series) + "\n";
	}

	/**
	 * Status, media type and the body with its human sentences (detail, message)
	 * stripped.
	 */
	private String answer(HttpResponse<String> response) {
		return response.statusCode() + " " + response.headers().firstValue("Content-Type").orElse("-") + " "
				+ body(response.body());
	}

	private String raw(int port, String request) throws IOException {
		String answer = RawHttp.exchange(port, request);
		String status = answer.substring("HTTP/1.1 ".length(), "HTTP/1.1 ".length() + 3);
		Matcher type = Pattern.compile("(?im)^content-type: *(.*?)\r?$").matcher(answer);
		int bodyAt = answer.indexOf("\r\n\r\n");
		return status + " " + (type.find() ? type.group(1) : "-") + " "
				+ body((bodyAt < 0) ? "" : answer.substring(bodyAt + 4));
	}

	private String body(String body) {
		if (body.isBlank()) {
			return "(empty)";
		}
		JsonNode node = json.readTree(body);
		strip(node);
		return json.writeValueAsString(node);
	}

	private static void strip(JsonNode node) {
		if (node instanceof ObjectNode object) {
			for (String sentence : List.of("detail", "message")) {
				if (object.has(sentence)) {
					object.put(sentence, "...");
				}
			}
		}
		node.forEach(VisibleSurfaceIntegrationTests::strip);
	}

	/**
	 * Every request through one client, on its kept-alive connections: the answers pinned
	 * here (a 502, a 504, a 413 among them) must leave the connection they were given on
	 * readable for the next request (KeptAliveConnectionIntegrationTests).
	 */
	private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> body) throws Exception {
		return http.send(request, body);
	}

	private HttpResponse<String> get(int port, String path, String userAgent) throws Exception {
		return send(HttpRequest.newBuilder(uri(port, path)).header("User-Agent", userAgent).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	private static URI uri(int port, String path) {
		return URI.create("http://localhost:" + port + path);
	}

}
