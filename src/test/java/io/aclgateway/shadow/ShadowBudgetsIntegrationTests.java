package io.aclgateway.shadow;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import com.github.tomakehurst.wiremock.http.Fault;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

import io.aclgateway.shadow.compare.ShadowOutcome;
import io.aclgateway.testing.GatewayIntegrationTest;
import io.aclgateway.testing.StandIns;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Shadow reads never hurt the client (shadow.md section 4): a slow or failing Falcon
 * leaves the client's answer as fast as legacy's, shadow reads in flight stay at their
 * limit, Falcon's live circuit breaker neither counts them nor lets them through while it
 * is open.
 */
@GatewayIntegrationTest(routing = """
		default: legacy
		shadow:
		  percent: 100
		  rules:
		    - name: reads
		      paths: ["/v1/**"]
		""", properties = { "acl.shadow.max-in-flight=2", "acl.shadow.timeout=10s" })
@Import(RecordingShadowResults.class)
class ShadowBudgetsIntegrationTests {

	private static final Duration FALCON_DELAY = Duration.ofSeconds(5);

	@LocalServerPort
	int port;

	@Autowired
	RecordedShadowResults recorded;

	@Autowired
	CircuitBreakerRegistry circuitBreakers;

	private final HttpClient http = HttpClient.newHttpClient();

	@BeforeEach
	void forget(StandIns standIns) {
		recorded.clear();
		standIns.legacy()
			.stubFor(get(anyUrl()).willReturn(aResponse().withStatus(200).withBody("{\"result\":\"legacy\"}")));
	}

	@Test
	void aSlowFalconNeitherDelaysTheClientNorGetsMoreThanTheLimitInFlight(StandIns standIns) throws Exception {
		standIns.falcon()
			.stubFor(get(anyUrl()).willReturn(aResponse().withStatus(200)
				.withBody("{\"result\":\"legacy\"}")
				.withFixedDelay((int) FALCON_DELAY.toMillis())));
		CircuitBreaker.Metrics before = falconBreaker().getMetrics();
		int bufferedBefore = before.getNumberOfBufferedCalls();
		// A first exchange outside the shadow rule, so that what is timed is not a cold
		// start.
		http.send(HttpRequest.newBuilder(uri("/warm-up")).GET().build(), HttpResponse.BodyHandlers.ofString());
		List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
		long started = System.nanoTime();
		for (int i = 0; i < 8; i++) {
			answers.add(http.sendAsync(HttpRequest.newBuilder(uri("/v1/slow/" + i)).GET().build(),
					HttpResponse.BodyHandlers.ofString()));
		}
		for (CompletableFuture<HttpResponse<String>> answer : answers) {
			assertThat(answer.get().statusCode()).isEqualTo(200);
			assertThat(answer.get().body()).isEqualTo("{\"result\":\"legacy\"}");
		}
		Duration clientsTook = Duration.ofNanos(System.nanoTime() - started);
		// The shadow timeout (10 s) is longer than Falcon's delay: a client that waited
		// for
		// its shadow read would take the whole delay.
		assertThat(clientsTook).as("every client answered before Falcon's delay").isLessThan(FALCON_DELAY);
		await().atMost(Duration.ofSeconds(10)).until(() -> outcomes().size() == 8);
		assertThat(outcomes()).filteredOn(ShadowOutcome.MATCH::equals).hasSize(2);
		assertThat(outcomes()).filteredOn(ShadowOutcome.SKIPPED::equals).hasSize(6);
		assertThat(standIns.falcon().findAll(anyRequestedFor(urlPathMatching("/v1/slow/.*"))))
			.as("shadow reads Falcon got: never more than the two in flight allowed")
			.hasSize(2);
		assertThat(falconBreaker().getState()).isEqualTo(CircuitBreaker.State.CLOSED);
		assertThat(falconBreaker().getMetrics().getNumberOfBufferedCalls()).isEqualTo(bufferedBefore);
		assertThat(falconBreaker().getMetrics().getNumberOfFailedCalls()).isEqualTo(before.getNumberOfFailedCalls());
	}

	@Test
	void aFalconThatIsDownIsFalconErrorAndItsBreakerNeverHearsOfIt(StandIns standIns) throws Exception {
		standIns.falcon().stubFor(get(anyUrl()).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
		int bufferedBefore = falconBreaker().getMetrics().getNumberOfBufferedCalls();
		for (int i = 0; i < 5; i++) {
			HttpResponse<String> answer = http.send(HttpRequest.newBuilder(uri("/v1/down/" + i)).GET().build(),
					HttpResponse.BodyHandlers.ofString());
			assertThat(answer.statusCode()).isEqualTo(200);
			assertThat(answer.body()).isEqualTo("{\"result\":\"legacy\"}");
			// One shadow read at a time: this class allows two in flight, and reads that
			// overlap beyond that are skipped, which is the other test's subject.
			int done = i + 1;
			await().atMost(Duration.ofSeconds(5)).until(() -> outcomes().size() == done);
		}
		assertThat(outcomes()).containsOnly(ShadowOutcome.FALCON_ERROR);
		assertThat(falconBreaker().getState()).isEqualTo(CircuitBreaker.State.CLOSED);
		assertThat(falconBreaker().getMetrics().getNumberOfBufferedCalls()).isEqualTo(bufferedBefore);
	}

	@Test
	void nothingIsCopiedWhileFalconsCircuitIsOpen(StandIns standIns) throws Exception {
		standIns.falcon()
			.stubFor(get(anyUrl()).willReturn(aResponse().withStatus(200).withBody("{\"result\":\"legacy\"}")));
		falconBreaker().transitionToOpenState();
		try {
			HttpResponse<String> answer = http.send(HttpRequest.newBuilder(uri("/v1/open")).GET().build(),
					HttpResponse.BodyHandlers.ofString());
			assertThat(answer.statusCode()).isEqualTo(200);
			await().atMost(Duration.ofSeconds(5)).until(() -> outcomes().size() == 1);
			assertThat(outcomes()).containsExactly(ShadowOutcome.SKIPPED);
			assertThat(standIns.falcon().findAll(anyRequestedFor(anyUrl()))).isEmpty();
		}
		finally {
			falconBreaker().transitionToClosedState();
		}
		http.send(HttpRequest.newBuilder(uri("/v1/closed")).GET().build(), HttpResponse.BodyHandlers.ofString());
		await().atMost(Duration.ofSeconds(5)).until(() -> outcomes().size() == 2);
		assertThat(outcomes().get(1)).isEqualTo(ShadowOutcome.MATCH);
	}

	private List<ShadowOutcome> outcomes() {
		return recorded.all().stream().map(ShadowResult::outcome).toList();
	}

	private CircuitBreaker falconBreaker() {
		return circuitBreakers.find("falcon").orElseThrow();
	}

	private URI uri(String path) {
		return URI.create("http://localhost:" + port + path);
	}

}
