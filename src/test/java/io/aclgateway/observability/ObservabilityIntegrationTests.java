package io.aclgateway.observability;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.sqs.model.Message;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;

import io.aclgateway.testing.EmbeddedSqs;
import io.aclgateway.testing.DashboardMetrics;
import io.aclgateway.testing.GatewayIntegrationTest;
import io.aclgateway.testing.SignedEvents;
import io.aclgateway.testing.StandIns;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The signals operators run the gateway by: every metric of operations.md on the
 * management port after real traffic, W3C trace context carried to both upstreams and
 * from an event into its legacy messages, and a dashboard that asks only for metrics the
 * gateway exports.
 */
@ExtendWith(OutputCaptureExtension.class)
@GatewayIntegrationTest(routing = """
		rules:
		  - name: new-ios
		    platforms: [ios]
		    target: falcon
		""", queues = "observed.fifo")
class ObservabilityIntegrationTests {

	/**
	 * operations.md's metric table: name and labels (an application tag is added to all).
	 */
	static final List<String> SPEC_METRICS = List.of("acl_route_decisions_total{target,rule,platform}",
			"acl_routing_reloads_total{outcome}", "acl_events_total{type,outcome}", "acl_events_requests_total{code}",
			"acl_legacy_messages_sent_total{cmd}", "acl_sqs_send_seconds_bucket",
			"acl_upstream_errors_total{target,code}", "acl_upstream_streams{target}",
			"acl_dropped_headers_total{target,platform}", "http_server_requests_seconds_bucket",
			"resilience4j_circuitbreaker_state{name,state}");

	static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

	@LocalServerPort
	int port;

	@LocalManagementPort
	int managementPort;

	@Autowired
	ApplicationContext context;

	private final HttpClient http = HttpClient.newHttpClient();

	private final JsonMapper json = JsonMapper.builder().build();

	private final WireMockServer falcon;

	private final WireMockServer legacy;

	private final EmbeddedSqs sqs;

	private final String queueUrl;

	ObservabilityIntegrationTests(StandIns standIns) {
		this.falcon = standIns.falcon();
		this.legacy = standIns.legacy();
		this.sqs = standIns.sqs();
		this.queueUrl = standIns.queueUrl();
	}

	@BeforeEach
	void emptyQueue() {
		sqs.purge(queueUrl);
	}

	@Test
	void exportsEveryMetricOfTheOperationsContractAfterRealTraffic() throws Exception {
		falcon.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200)));
		legacy.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200)));
		legacy
			.stubFor(any(urlPathEqualTo("/broken")).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
		send("/v1/rooms", "ChatWork/5.3.1 (iOS 17.4.1; iPhone15,2)", null);
		send("/v1/rooms", "ChatWorkAndroid/3.9.2", null);
		send("/broken", "ChatWorkAndroid/3.9.2", null);
		// A header name with an underscore is dropped and counted (the counter appears
		// with the first drop).
		http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/rooms"))
			.header("User-Agent", "ChatWorkAndroid/3.9.2")
			.header("X_Forwarded_For", "6.6.6.6")
			.build(), HttpResponse.BodyHandlers.discarding());
		assertThat(new SignedEvents(port).post(SignedEvents.SINGLE, SignedEvents.messagePosted("m-1", 1, 1, "hi"))
			.statusCode()).isEqualTo(202);

		String metrics = management("/actuator/prometheus");

		for (String metric : SPEC_METRICS) {
			String name = metric.contains("{") ? metric.substring(0, metric.indexOf('{')) : metric;
			assertThat(metrics).as(name).containsPattern("(?m)^" + Pattern.quote(name) + "\\{");
			if (metric.contains("{")) {
				String line = metrics.lines().filter(l -> l.startsWith(name + "{")).findFirst().orElseThrow();
				for (String label : metric.substring(metric.indexOf('{') + 1, metric.length() - 1).split(",")) {
					assertThat(line).as(name + " has label " + label).contains(label + "=\"");
				}
			}
			if (name.startsWith("acl_")) {
				String base = name.replaceAll("_(bucket|total)$", "");
				assertThat(metrics).as(name + " has a description")
					.containsPattern("(?m)^# HELP " + Pattern.quote(base) + "(_total)? \\S");
			}
		}
		assertThat(metrics).contains(
				"acl_route_decisions_total{application=\"acl-gateway\",platform=\"ios\",rule=\"new-ios\",target=\"falcon\"}");
		assertThat(metrics).containsPattern("spring_cloud_gateway_requests_seconds_bucket\\{.*routeId=\"legacy\"");
		// Kept off for their cost per request (docs/performance.md): no long task timer
		// per observation,
		// and no second registry pushing every meter over OTLP.
		assertThat(metrics).doesNotContain("http_server_requests_active_seconds");
		assertThat(context.getBeansOfType(MeterRegistry.class).values())
			.noneMatch(registry -> registry.getClass().getSimpleName().startsWith("Otlp"));
	}

	@Test
	void histogramsHaveTheSloBucketsTheDocsList() throws Exception {
		legacy.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200)));
		send("/v1/rooms", "ChatWorkAndroid/3.9.2", null);
		assertThat(new SignedEvents(port).post(SignedEvents.SINGLE, SignedEvents.messagePosted("slo-1", 1, 1, "hi"))
			.statusCode()).isEqualTo(202);

		String metrics = management("/actuator/prometheus");

		// docs/decisions.md, Observability: the same SLO buckets, 5 ms to 10 s, on all
		// three histograms.
		for (String histogram : List.of("http_server_requests_seconds", "spring_cloud_gateway_requests_seconds",
				"acl_sqs_send_seconds")) {
			for (String le : List.of("0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1.0", "2.5", "5.0",
					"10.0")) {
				assertThat(metrics).as(histogram + " bucket le=" + le)
					.containsPattern("(?m)^" + histogram + "_bucket\\{[^}]*le=\"" + Pattern.quote(le) + "\"");
			}
		}
	}

	@Test
	void carriesTheClientsTraceToTheUpstreamAndStartsOneWhenThereIsNone() throws Exception {
		legacy.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200)));

		send("/v1/traced", "ChatWorkAndroid/3.9.2", TRACEPARENT);
		send("/v1/untraced", "ChatWorkAndroid/3.9.2", null);

		LoggedRequest traced = only(legacy, "/v1/traced");
		LoggedRequest untraced = only(legacy, "/v1/untraced");
		assertThat(traced.getHeader("traceparent")).startsWith("00-4bf92f3577b34da6a3ce929d0e0e4736-");
		assertThat(untraced.getHeader("traceparent")).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]")
			.doesNotContain("4bf92f3577b34da6a3ce929d0e0e4736");
	}

	@Test
	void logsAnUpstreamFailureWithTheRequestsTraceId(CapturedOutput output) throws Exception {
		legacy
			.stubFor(any(urlPathEqualTo("/v1/cut")).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

		send("/v1/cut", "ChatWorkAndroid/3.9.2", TRACEPARENT);

		String line = output.getOut()
			.lines()
			.filter(l -> l.contains("upstream failed for GET /v1/cut"))
			.findFirst()
			.orElseThrow();
		assertThat(line).contains("4bf92f3577b34da6a3ce929d0e0e4736");
	}

	@Test
	void carriesAnEventsTraceIntoItsLegacyMessages() throws Exception {
		String event = SignedEvents.messagePosted("traced-1", 3, 4, "x")
			.replace("\"datacontenttype\"", "\"traceparent\":\"" + TRACEPARENT + "\",\"datacontenttype\"");

		assertThat(new SignedEvents(port).post(SignedEvents.SINGLE, event).statusCode()).isEqualTo(202);

		List<Message> messages = sqs.drain(queueUrl);
		assertThat(messages).hasSize(1);
		assertThat(messages.get(0).messageAttributes().get("traceparent").stringValue()).isEqualTo(TRACEPARENT);
	}

	@Test
	void exportsEachUpstreamsBulkheadAndConnectionPool() throws Exception {
		falcon.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200)));
		legacy.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200)));
		send("/v1/rooms", "ChatWork/5.3.1 (iOS 17.4.1; iPhone15,2)", null);
		send("/v1/rooms", "ChatWorkAndroid/3.9.2", null);

		String metrics = management("/actuator/prometheus");

		for (String upstream : List.of("falcon", "legacy")) {
			assertThat(metrics)
				.containsPattern(
						"(?m)^resilience4j_bulkhead_available_concurrent_calls\\{[^}]*name=\"" + upstream + "\"")
				.containsPattern(
						"(?m)^resilience4j_bulkhead_max_allowed_concurrent_calls\\{[^}]*name=\"" + upstream + "\"");
		}
		for (String pool : List.of("total", "active", "idle", "pending")) {
			String name = "reactor_netty_connection_provider_" + pool + "_connections";
			// Both stand-ins listen on loopback: one pool per address, each with its own
			// series.
			for (String address : List.of(falcon.baseUrl(), legacy.baseUrl())) {
				String port = address.substring(address.lastIndexOf(':') + 1);
				assertThat(metrics).as(name + " for " + address)
					.containsPattern("(?m)^" + name + "\\{[^}]*remote_address=\"[^\"]*:" + port + "\"");
			}
		}
	}

	@Test
	void theDashboardAsksOnlyForMetricsTheGatewayExports() throws Exception {
		assertThat(DashboardMetrics.DASHBOARD).exists();
		Set<String> asked = new TreeSet<>(DashboardMetrics.asked());
		assertThat(asked).as("metrics the dashboard queries").isNotEmpty();
		// The relay row's metrics exist only where the Kafka intake runs: checked by
		// KafkaDeadLetterIntegrationTests.
		asked.removeIf(DashboardMetrics.RELAY_ONLY);
		// The shadow row's exist once a rule compared: checked by
		// ShadowEndpointIntegrationTests.
		asked.removeIf(DashboardMetrics.SHADOW_ONLY);

		falcon.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200)));
		send("/v1/rooms", "ChatWork/5.3.1 (iOS 17.4.1; iPhone15,2)", null);
		assertThat(DashboardMetrics.exported(management("/actuator/prometheus"))).as("exported metrics")
			.containsAll(asked);
	}

	private void send(String path, String userAgent, String traceparent) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
			.header("User-Agent", userAgent);
		if (traceparent != null) {
			request.header("traceparent", traceparent);
		}
		http.send(request.build(), HttpResponse.BodyHandlers.discarding());
	}

	private static LoggedRequest only(WireMockServer upstream, String path) {
		List<LoggedRequest> requests = upstream.findAll(anyRequestedFor(urlPathEqualTo(path)));
		assertThat(requests).hasSize(1);
		return requests.get(0);
	}

	private String management(String path) throws Exception {
		return http
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + managementPort + path)).build(),
					HttpResponse.BodyHandlers.ofString())
			.body();
	}

}
