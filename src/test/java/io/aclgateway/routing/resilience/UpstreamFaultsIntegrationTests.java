package io.aclgateway.routing.resilience;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import reactor.core.scheduler.Schedulers;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.aclgateway.testing.GatewayIntegrationTest;
import io.aclgateway.testing.StandIns;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Upstream faults (operations.md, reliability): each answered by the gateway in the
 * target's dialect with the right status and code, the circuit opening and closing, the
 * bulkhead refusing at once, and one upstream's trouble leaving the other alone.
 */
@GatewayIntegrationTest(routing = """
		rules:
		  - name: new-apps
		    platforms: [ios]
		    target: falcon
		""",
		properties = { "acl.legacy.response-timeout=1s", "acl.legacy.response-timeouts[/v1/poll/**]=5s",
				"acl.legacy.max-concurrent-requests=3", "acl.legacy.circuit-breaker.minimum-calls=4",
				"acl.legacy.circuit-breaker.window-size=4", "acl.legacy.circuit-breaker.open-duration=2s",
				"acl.legacy.circuit-breaker.half-open-calls=1", "acl.falcon.response-timeout=1s" })
class UpstreamFaultsIntegrationTests {

	@LocalServerPort
	int port;

	@LocalManagementPort
	int managementPort;

	@Autowired
	CircuitBreakerRegistry breakers;

	private static final String SCHEDULE_HOOK = UpstreamFaultsIntegrationTests.class.getName();

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private final WireMockServer falcon;

	private final WireMockServer legacy;

	UpstreamFaultsIntegrationTests(StandIns standIns) {
		this.falcon = standIns.falcon();
		this.legacy = standIns.legacy();
	}

	@BeforeEach
	void closedBreakers() {
		breakers.getAllCircuitBreakers().forEach(CircuitBreaker::reset);
		falcon.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("falcon ok")));
		legacy.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("legacy ok")));
	}

	@ParameterizedTest
	@EnumSource(value = Fault.class, names = { "CONNECTION_RESET_BY_PEER", "EMPTY_RESPONSE", "MALFORMED_RESPONSE_CHUNK",
			"RANDOM_DATA_THEN_CLOSE" })
	void answersALegacyClient502InTheLegacyEnvelopeWhenTheUpstreamBreaksTheConnection(Fault fault) throws Exception {
		legacy.stubFor(any(anyUrl()).willReturn(aResponse().withFault(fault)));

		HttpResponse<String> response = get("/v1/rooms", false);

		assertLegacyEnvelope(response, 502, "upstream_unavailable", "The service could not be reached.");
	}

	@Test
	void answersAFalconClientWithProblemJsonWhenFalconIsDown() throws Exception {
		falcon.stubFor(any(anyUrl()).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

		HttpResponse<String> response = get("/v1/rooms", true);

		assertProblem(response, 502, "upstream_unavailable");
		assertThat(response.body()).doesNotContain("127.0.0.1")
			.doesNotContain("localhost")
			.doesNotContain(String.valueOf(falcon.port()))
			.doesNotContain("Exception");
	}

	@Test
	void answers504WhenTheUpstreamTakesLongerThanTheResponseTimeout() throws Exception {
		legacy.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withFixedDelay(30_000)));

		HttpResponse<String> response = get("/v1/rooms", false);

		assertLegacyEnvelope(response, 504, "upstream_timeout", "The service did not answer in time.");
	}

	@Test
	void answersAFalconClient504InProblemJsonWhenFalconTakesLongerThanTheResponseTimeout() throws Exception {
		falcon.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withFixedDelay(30_000)));

		HttpResponse<String> response = get("/v1/rooms", true);

		assertProblem(response, 504, "upstream_timeout");
		assertThat(response.body()).doesNotContain("Exception").doesNotContain("PT1S");
	}

	/**
	 * The wait for the response head is timed on the client connection's event loop:
	 * nothing of a routed request goes through Reactor's schedulers, whose timers take a
	 * lock and wake a thread of their own (docs/performance.md, the proxy path's cost).
	 */
	@Test
	void timesTheWaitForTheResponseHeadWithoutReactorsSchedulers() throws Exception {
		AtomicInteger scheduledByTheServer = new AtomicInteger();
		Schedulers.onScheduleHook(SCHEDULE_HOOK, task -> {
			if (Thread.currentThread().getName().startsWith("reactor-http-")) {
				scheduledByTheServer.incrementAndGet();
			}
			return task;
		});
		try {
			for (int i = 0; i < 5; i++) {
				assertThat(get("/v1/rooms", false).statusCode()).isEqualTo(200);
				assertThat(get("/v1/rooms", true).statusCode()).isEqualTo(200);
			}
		}
		finally {
			Schedulers.resetOnScheduleHook(SCHEDULE_HOOK);
		}

		assertThat(scheduledByTheServer).hasValue(0);
	}

	@Test
	void givesALongPollingPathItsOwnLongerTimeout() throws Exception {
		legacy.stubFor(any(urlPathMatching("/v1/poll/.*"))
			.willReturn(aResponse().withStatus(200).withBody("news").withFixedDelay(2_500)));

		HttpResponse<String> response = get("/v1/poll/updates", false);

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("news");
	}

	@Test
	void passesADribbledBodyThroughWhileBytesKeepComing() throws Exception {
		legacy.stubFor(any(anyUrl())
			.willReturn(aResponse().withStatus(200).withBody("x".repeat(2000)).withChunkedDribbleDelay(10, 2_000)));

		HttpResponse<String> response = get("/v1/rooms", false);

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).hasSize(2000);
	}

	@Test
	void opensTheCircuitAfterFailuresAnswersAtOnceWhileOpenAndClosesAgainWhenTheUpstreamRecovers() throws Exception {
		legacy.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(500).withBody("boom")));
		for (int i = 0; i < 4; i++) {
			assertThat(get("/v1/rooms", false).statusCode()).isEqualTo(500);
		}
		legacy.resetRequests();

		HttpResponse<String> whileOpen = get("/v1/rooms", false);

		assertThat(whileOpen.statusCode()).isEqualTo(503);
		assertThat(whileOpen.headers().firstValue("Retry-After")).hasValue("2");
		assertThat(whileOpen.body()).contains("\"code\":\"upstream_unavailable\"");
		assertThat(legacy.findAll(anyRequestedFor(anyUrl()))).as("nothing sent while open").isEmpty();
		assertThat(get("/v1/rooms", true).statusCode()).as("the other upstream is not affected").isEqualTo(200);
		assertThat(metrics()).contains(
				"resilience4j_circuitbreaker_state{application=\"acl-gateway\",name=\"legacy\",state=\"open\"} 1.0");

		legacy.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("legacy ok")));
		HttpResponse<String> recovered = await().atMost(Duration.ofSeconds(4))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> get("/v1/rooms", false), response -> response.statusCode() == 200);
		assertThat(recovered.statusCode()).isEqualTo(200);
		assertThat(breakers.circuitBreaker("legacy").getState()).isEqualTo(CircuitBreaker.State.CLOSED);
	}

	@Test
	void refusesAtOnceWhenTheBulkheadIsFullAndLetsTheOtherUpstreamThrough() throws Exception {
		legacy.stubFor(
				any(urlPathEqualTo("/v1/poll/slow")).willReturn(aResponse().withStatus(200).withFixedDelay(3_000)));
		List<CompletableFuture<HttpResponse<String>>> slow = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			slow.add(http.sendAsync(request("/v1/poll/slow", false).build(), HttpResponse.BodyHandlers.ofString()));
		}
		awaitRequestsAtLegacy("/v1/poll/slow", 3);

		HttpResponse<String> refused = get("/v1/rooms", false);
		HttpResponse<String> falconMeanwhile = get("/v1/rooms", true);

		assertThat(refused.statusCode()).isEqualTo(503);
		assertThat(refused.body()).contains("\"code\":\"too_many_requests\"");
		assertThat(falconMeanwhile.statusCode()).isEqualTo(200);
		assertThat(slow).allSatisfy(call -> assertThat(call.isDone()).as("slow call still in flight").isFalse());
		for (CompletableFuture<HttpResponse<String>> call : slow) {
			assertThat(call.get().statusCode()).isEqualTo(200);
		}
		assertThat(get("/v1/rooms", false).statusCode()).as("permits came back").isEqualTo(200);
	}

	@Test
	void givesPermitsBackWhenClientsHangUpBeforeTheAnswer() throws Exception {
		legacy.stubFor(any(urlPathEqualTo("/v1/slow")).willReturn(aResponse().withStatus(200).withFixedDelay(600)));
		for (int round = 0; round < 3; round++) {
			List<CompletableFuture<HttpResponse<String>>> abandoned = new ArrayList<>();
			for (int i = 0; i < 3; i++) {
				abandoned.add(HttpClient.newHttpClient()
					.sendAsync(request("/v1/slow", false).timeout(Duration.ofMillis(150)).build(),
							HttpResponse.BodyHandlers.ofString()));
			}
			abandoned.forEach(call -> call.handle((response, error) -> null).join());
		}
		Thread.sleep(700);

		assertThat(get("/v1/rooms", false).statusCode()).isEqualTo(200);
	}

	@Test
	void retriesAnIdempotentRequestWhoseConnectionWasCutBeforeAnyAnswer() throws Exception {
		legacy.stubFor(any(urlPathEqualTo("/v1/flaky")).inScenario("flaky")
			.whenScenarioStateIs(Scenario.STARTED)
			.willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER))
			.willSetStateTo("recovered"));
		legacy.stubFor(any(urlPathEqualTo("/v1/flaky")).inScenario("flaky")
			.whenScenarioStateIs("recovered")
			.willReturn(aResponse().withStatus(200).withBody("second try")));
		// Retries are earned by traffic (one per five requests): a gateway that has been
		// serving has some.
		for (int i = 0; i < 10; i++) {
			get("/v1/rooms", false);
		}

		HttpResponse<String> response = get("/v1/flaky", false);

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("second try");
		assertThat(legacy.findAll(anyRequestedFor(urlPathEqualTo("/v1/flaky")))).hasSize(2);
	}

	@Test
	void stopsRetryingWhenTheRetryBudgetIsSpent() throws Exception {
		legacy
			.stubFor(any(urlPathEqualTo("/v1/down")).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
		breakers.circuitBreaker("legacy").transitionToDisabledState();

		for (int i = 0; i < 30; i++) {
			assertThat(get("/v1/down", false).statusCode()).isEqualTo(502);
		}

		// Two retries each would be 90 calls; the budget allows its reserve of 10 plus
		// one per five requests.
		assertThat(legacy.findAll(anyRequestedFor(urlPathEqualTo("/v1/down"))).size()).isBetween(30, 46);
	}

	@Test
	void neverRetriesAPost() throws Exception {
		legacy.stubFor(
				any(urlPathEqualTo("/v1/messages")).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

		HttpResponse<String> response = http
			.send(request("/v1/messages", false).POST(HttpRequest.BodyPublishers.ofString("{\"body\":\"hello\"}"))
				.build(), HttpResponse.BodyHandlers.ofString());

		assertThat(response.statusCode()).isEqualTo(502);
		assertThat(legacy.findAll(anyRequestedFor(urlPathEqualTo("/v1/messages")))).hasSize(1);
	}

	@Test
	void neverRetriesARequestThatTimedOut() throws Exception {
		legacy.stubFor(any(urlPathEqualTo("/v1/stuck")).willReturn(aResponse().withStatus(200).withFixedDelay(5_000)));

		assertThat(get("/v1/stuck", false).statusCode()).isEqualTo(504);
		assertThat(legacy.findAll(anyRequestedFor(urlPathEqualTo("/v1/stuck")))).hasSize(1);
	}

	@Test
	void countsEveryAnswerItWroteForAnUpstream() throws Exception {
		legacy.stubFor(any(anyUrl()).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

		get("/v1/rooms", false);

		assertThat(metrics()).containsPattern(
				"acl_upstream_errors_total\\{application=\"acl-gateway\",code=\"upstream_unavailable\",target=\"legacy\"} [1-9]");
	}

	/** A legacy client's answer: the legacy envelope, whole. */
	private static void assertLegacyEnvelope(HttpResponse<String> response, int status, String code, String message) {
		assertThat(response.statusCode()).isEqualTo(status);
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
		assertThat(response.body())
			.isEqualTo("{\"status\":{\"success\":false,\"code\":\"" + code + "\",\"message\":\"" + message + "\"}}");
	}

	/** A Falcon client's answer: problem+json with the status and the code. */
	private static void assertProblem(HttpResponse<String> response, int status, String code) {
		assertThat(response.statusCode()).isEqualTo(status);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(response.body()).contains("\"code\":\"" + code + "\"").contains("\"status\":" + status);
	}

	private void awaitRequestsAtLegacy(String path, int count) {
		await().atMost(Duration.ofSeconds(2))
			.pollDelay(Duration.ZERO)
			.pollInterval(Duration.ofMillis(20))
			.until(() -> legacy.findAll(anyRequestedFor(urlPathEqualTo(path))).size() >= count);
	}

	private HttpRequest.Builder request(String path, boolean newApp) {
		return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
			.header("User-Agent", newApp ? "ChatWork/5.3.1 (iOS 17.4.1; iPhone15,2)" : "ChatWorkAndroid/3.9.2");
	}

	private HttpResponse<String> get(String path, boolean newApp) throws Exception {
		return http.send(request(path, newApp).build(), HttpResponse.BodyHandlers.ofString());
	}

	private String metrics() throws Exception {
		return http
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + managementPort + "/actuator/prometheus"))
				.build(), HttpResponse.BodyHandlers.ofString())
			.body();
	}

}
