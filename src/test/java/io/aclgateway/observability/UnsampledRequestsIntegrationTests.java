package io.aclgateway.observability;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.cloud.gateway.filter.headers.observation.GatewayContext;
import org.springframework.context.annotation.Bean;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.aclgateway.testing.GatewayIntegrationTest;
import io.aclgateway.testing.StandIns;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 15: a request whose trace is not sampled gets no observation (no server or
 * gateway span, nothing exported), yet carries its trace upstream, logs with its trace id
 * and counts in the same metric series as a sampled one; a sampled request is observed
 * and exported. Sampling is 0 here, so only a client's sampled flag samples.
 */
@ExtendWith(OutputCaptureExtension.class)
@GatewayIntegrationTest(upstreams = StandIns.Upstream.LEGACY,
		properties = "management.tracing.sampling.probability=0.0")
class UnsampledRequestsIntegrationTests {

	static final String CLIENT_SPAN = "00f067aa0ba902b7";

	@RegisterExtension
	static WireMockExtension collector = WireMockExtension.newInstance()
		.options(wireMockConfig().dynamicPort())
		.build();

	@LocalServerPort
	int port;

	@LocalManagementPort
	int managementPort;

	@Autowired
	Observed observed;

	private final HttpClient http = HttpClient.newHttpClient();

	private final StandIns standIns;

	UnsampledRequestsIntegrationTests(StandIns standIns) {
		this.standIns = standIns;
	}

	@DynamicPropertySource
	static void collector(DynamicPropertyRegistry registry) {
		registry.add("management.opentelemetry.tracing.export.otlp.endpoint", () -> collector.baseUrl() + "/v1/traces");
	}

	@Test
	void anUnsampledRequestIsNotObservedYetCarriesItsTraceToTheUpstream() throws Exception {
		standIns.legacy().stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200)));
		String client = "5bf92f3577b34da6a3ce929d0e0e4736";

		send(port, "/v1/unsampled", traceparent(client, "00"));
		send(port, "/v1/untraced", null);

		assertThat(upstreamTraceparent("/v1/unsampled")).matches("00-" + client + "-[0-9a-f]{16}-00")
			.doesNotContain(CLIENT_SPAN);
		assertThat(upstreamTraceparent("/v1/untraced")).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-00")
			.doesNotContain(client);
		assertThat(observed.paths()).doesNotContain("/v1/unsampled", "/v1/untraced");
	}

	@Test
	void aSampledRequestIsObservedAndExportedAndAnUnsampledOneIsNot() throws Exception {
		standIns.legacy().stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200)));
		collector.stubFor(post(urlPathEqualTo("/v1/traces")).willReturn(aResponse().withStatus(200)));
		String sampled = "6bf92f3577b34da6a3ce929d0e0e4736";
		String unsampled = "7bf92f3577b34da6a3ce929d0e0e4736";

		send(port, "/v1/not-exported", traceparent(unsampled, "00"));
		send(port, "/v1/exported", traceparent(sampled, "01"));

		assertThat(upstreamTraceparent("/v1/exported")).matches("00-" + sampled + "-[0-9a-f]{16}-01")
			.doesNotContain(CLIENT_SPAN);
		// The server's and the gateway's observation, the latter once per upstream call.
		assertThat(observed.paths()).containsOnlyOnce("/v1/exported", "gateway /v1/exported")
			.doesNotContain("/v1/not-exported", "gateway /v1/not-exported");
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(
					() -> assertThat(exported()).anySatisfy(body -> assertThat(contains(body, sampled)).isTrue()));
		assertThat(exported()).noneSatisfy(body -> assertThat(contains(body, unsampled)).isTrue());
	}

	@Test
	void unsampledRequestsCountInTheSameSeriesAsSampledOnes() throws Exception {
		standIns.legacy().stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200)));
		// One sampled request of each kind first, so that its series exist: proxied, and
		// an error answer (404 on the management port, after the error handlers).
		send(port, "/v1/counted", traceparent("8bf92f3577b34da6a3ce929d0e0e4736", "01"));
		send(managementPort, "/nothing-here", traceparent("9bf92f3577b34da6a3ce929d0e0e4736", "01"));
		// A request is counted when the server is done with it, which may be just after
		// the client has its answer.
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(counts("http_server_requests_seconds_count").keySet())
				.anySatisfy(series -> assertThat(series).contains("status=\"200\""))
				.anySatisfy(series -> assertThat(series).contains("status=\"404\"")));
		Map<String, Double> before = counts("http_server_requests_seconds_count");
		Map<String, Double> gatewayBefore = counts("spring_cloud_gateway_requests_seconds_count");

		send(port, "/v1/counted", traceparent("abf92f3577b34da6a3ce929d0e0e4736", "00"));
		send(port, "/v1/counted", null);
		send(port, "/v1/counted", null);
		send(managementPort, "/nothing-here", traceparent("bbf92f3577b34da6a3ce929d0e0e4736", "00"));
		send(managementPort, "/nothing-here", null);

		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			Map<String, Double> counted = counts("http_server_requests_seconds_count");
			assertThat(delta(before, counted, "status=\"200\"")).isEqualTo(3.0);
			assertThat(delta(before, counted, "status=\"404\"")).isEqualTo(2.0);
		});
		Map<String, Double> after = counts("http_server_requests_seconds_count");
		assertThat(after.keySet()).as("no series the sampled requests did not have").isEqualTo(before.keySet());
		assertThat(after.keySet()).anySatisfy(series -> assertThat(series).contains("status=\"404\"")
			.contains("exception=\"ResponseStatusException\"")
			.contains("error=\"ResponseStatusException\""));
		assertThat(delta(gatewayBefore, counts("spring_cloud_gateway_requests_seconds_count"), "routeId=\"legacy\""))
			.isEqualTo(3.0);
		assertThat(observed.paths()).containsOnlyOnce("/v1/counted", "/nothing-here");
	}

	@Test
	void logsAnUnsampledRequestsUpstreamFailureWithItsTraceId(CapturedOutput output) throws Exception {
		standIns.legacy()
			.stubFor(any(urlPathEqualTo("/v1/severed"))
				.willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
		standIns.legacy()
			.stubFor(any(urlPathEqualTo("/v1/cut-off"))
				.willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
		String client = "cbf92f3577b34da6a3ce929d0e0e4736";

		send(port, "/v1/severed", traceparent(client, "00"));
		send(port, "/v1/cut-off", null);

		assertThat(logged(output, "upstream failed for GET /v1/severed")).contains(client);
		// A GET cut off is tried again, each attempt with the same trace.
		List<String> attempts = standIns.legacy()
			.findAll(anyRequestedFor(urlPathEqualTo("/v1/cut-off")))
			.stream()
			.map(request -> request.getHeader("traceparent").substring(3, 35))
			.distinct()
			.toList();
		assertThat(attempts).hasSize(1);
		String started = attempts.get(0);
		assertThat(logged(output, "upstream failed for GET /v1/cut-off")).contains(started);
	}

	private static String traceparent(String traceId, String flags) {
		return "00-" + traceId + "-" + CLIENT_SPAN + "-" + flags;
	}

	private void send(int port, String path, String traceparent) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
			.header("User-Agent", "ChatWorkAndroid/3.9.2");
		if (traceparent != null) {
			request.header("traceparent", traceparent);
		}
		http.send(request.build(), HttpResponse.BodyHandlers.discarding());
	}

	private String upstreamTraceparent(String path) {
		List<LoggedRequest> requests = standIns.legacy().findAll(anyRequestedFor(urlPathEqualTo(path)));
		assertThat(requests).hasSize(1);
		return requests.get(0).getHeader("traceparent");
	}

	private static String logged(CapturedOutput output, String text) {
		return output.getOut().lines().filter(l -> l.contains(text)).findFirst().orElseThrow();
	}

	/** Each series of {@code name} but the scrapes' own, by its labels. */
	private Map<String, Double> counts(String name) throws Exception {
		String body = http
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + managementPort + "/actuator/prometheus"))
				.build(), HttpResponse.BodyHandlers.ofString())
			.body();
		Map<String, Double> counts = new TreeMap<>();
		body.lines()
			.filter(line -> line.startsWith(name + "{") && !line.contains("uri=\"/actuator/prometheus\""))
			.forEach(line -> counts.put(line.substring(0, line.lastIndexOf(' ')),
					Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))));
		return counts;
	}

	private static double delta(Map<String, Double> before, Map<String, Double> after, String label) {
		return after.entrySet()
			.stream()
			.filter(entry -> entry.getKey().contains(label))
			.mapToDouble(entry -> entry.getValue() - before.getOrDefault(entry.getKey(), 0.0))
			.sum();
	}

	private static List<byte[]> exported() {
		return collector.findAll(postRequestedFor(urlPathEqualTo("/v1/traces")))
			.stream()
			.map(LoggedRequest::getBody)
			.toList();
	}

	private static boolean contains(byte[] haystack, String traceId) {
		byte[] needle = HexFormat.of().parseHex(traceId);
		outer: for (int i = 0; i + needle.length <= haystack.length; i++) {
			for (int j = 0; j < needle.length; j++) {
				if (haystack[i + j] != needle[j]) {
					continue outer;
				}
			}
			return true;
		}
		return false;
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Observing {

		@Bean
		Observed observed() {
			return new Observed();
		}

	}

	/** The requests the server and gateway observations were started for. */
	static final class Observed implements ObservationHandler<Observation.Context> {

		private final List<String> paths = new CopyOnWriteArrayList<>();

		@Override
		public void onStart(Observation.Context context) {
			if (context instanceof ServerRequestObservationContext server && server.getCarrier() != null) {
				paths.add(server.getCarrier().getPath().value());
			}
			else if (context instanceof GatewayContext gateway) {
				ServerHttpRequest request = gateway.getRequest();
				paths.add("gateway " + request.getPath().value());
			}
		}

		@Override
		public boolean supportsContext(Observation.Context context) {
			return true;
		}

		List<String> paths() {
			return List.copyOf(paths);
		}

	}

}
