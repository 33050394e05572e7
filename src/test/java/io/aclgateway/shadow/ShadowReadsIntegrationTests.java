package io.aclgateway.shadow;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

import io.aclgateway.shadow.compare.FieldDifference;
import io.aclgateway.shadow.compare.ShadowOutcome;
import io.aclgateway.testing.GatewayIntegrationTest;
import io.aclgateway.testing.StandIns;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Shadow reads through a booted gateway (shadow.md): WireMock as legacy and Falcon,
 * legacy answering with random ids and times, Falcon differing in one field; writes never
 * copied unless the rule says idempotent; a legacy body over the budget served whole and
 * skipped.
 */
@GatewayIntegrationTest(routing = """
		default: legacy
		shadow:
		  percent: 100
		  noise-percent: 50
		  rules:
		    - name: users
		      paths: ["/v1/users/*"]
		      compare:
		        legacy: /result
		        falcon: ""
		    - name: search
		      paths: ["/v1/search"]
		      methods: [POST]
		      idempotent: true
		    - name: files
		      paths: ["/v1/files/*"]
		""", properties = "acl.shadow.max-body-bytes=64KB")
@Import(RecordingShadowResults.class)
class ShadowReadsIntegrationTests {

	private static final String LEGACY_USER = """
			{"status":{"success":true},"result":{"id":"{{randomValue type='UUID'}}","at":{{now format='epoch'}},
			 "name":"Ann","role":"%s","rooms":[1,2,3]}}""";

	private static final String FALCON_USER = """
			{"id":"{{randomValue type='UUID'}}","at":{{now format='epoch'}},"name":"Ann","role":"%s","rooms":[1,2,3]}""";

	@LocalServerPort
	int port;

	@Autowired
	RecordedShadowResults recorded;

	private final HttpClient http = HttpClient.newHttpClient();

	@BeforeEach
	void forget() {
		recorded.clear();
	}

	@Test
	void theOneFieldFalconChangesIsAMismatchAndTheFieldsLegacyVariesInAreNoise(StandIns standIns) throws Exception {
		standIns.legacy().stubFor(get("/v1/users/1").willReturn(json(LEGACY_USER.formatted("admin"))));
		standIns.falcon().stubFor(get("/v1/users/1").willReturn(json(FALCON_USER.formatted("member"))));
		standIns.legacy().stubFor(get("/v1/users/2").willReturn(json(LEGACY_USER.formatted("guest"))));
		standIns.falcon().stubFor(get("/v1/users/2").willReturn(json(FALCON_USER.formatted("guest"))));
		int rounds = 60;
		for (int i = 0; i < rounds; i++) {
			for (String user : List.of("/v1/users/1", "/v1/users/2")) {
				HttpResponse<String> answer = send(HttpRequest.newBuilder(uri(user)).GET());
				assertThat(answer.statusCode()).isEqualTo(200);
				assertThat(answer.body()).contains("\"result\"");
			}
			// Sequential shadow reads, so that noise is learned in the order it is seen.
			int done = i + 1;
			await().atMost(Duration.ofSeconds(5))
				.until(() -> recorded.forPath("/v1/users/1").size() >= done
						&& recorded.forPath("/v1/users/2").size() >= done);
		}
		List<ShadowResult> changed = recorded.forPath("/v1/users/1");
		List<ShadowResult> same = recorded.forPath("/v1/users/2");
		List<ShadowResult> lateChanged = changed.subList(rounds - 10, rounds);
		assertThat(lateChanged).extracting(ShadowResult::outcome).containsOnly(ShadowOutcome.MISMATCH);
		assertThat(lateChanged).allSatisfy(result -> assertThat(fields(result)).containsExactly("/role"));
		assertThat(same.subList(rounds - 10, rounds)).extracting(ShadowResult::outcome)
			.containsOnly(ShadowOutcome.NOISE);
		assertThat(same.get(rounds - 1).differences()).extracting(FieldDifference::field).contains("/id");
	}

	@Test
	void writesAreNeverCopiedUnlessTheRuleSaysIdempotent(StandIns standIns) throws Exception {
		standIns.legacy().stubFor(any(anyUrl()).willReturn(json("{\"status\":{\"success\":true}}")));
		standIns.falcon().stubFor(any(anyUrl()).willReturn(json("{\"status\":{\"success\":true}}")));
		for (String method : List.of("POST", "PUT", "DELETE", "PATCH")) {
			HttpResponse<String> answer = send(HttpRequest.newBuilder(uri("/v1/users/1"))
				.method(method, HttpRequest.BodyPublishers.ofString("{\"role\":\"admin\"}")));
			assertThat(answer.statusCode()).isEqualTo(200);
		}
		HttpResponse<String> search = send(HttpRequest.newBuilder(uri("/v1/search?page=2"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"q\":\"ann\"}")));
		assertThat(search.statusCode()).isEqualTo(200);
		await().atMost(Duration.ofSeconds(5)).until(() -> !recorded.forPath("/v1/search").isEmpty());
		// Give a wrongly started copy of the writes the time to arrive.
		Thread.sleep(500);
		assertThat(standIns.legacy().findAll(anyRequestedFor(urlPathEqualTo("/v1/users/1")))).hasSize(4);
		assertThat(standIns.falcon().findAll(anyRequestedFor(urlPathEqualTo("/v1/users/1")))).isEmpty();
		assertThat(recorded.forPath("/v1/users/1")).isEmpty();
		standIns.falcon()
			.verify(1,
					postRequestedFor(urlEqualTo("/v1/search?page=2")).withRequestBody(equalTo("{\"q\":\"ann\"}"))
						.withHeader("X-Shadow-Request", equalTo("1"))
						.withHeader("Content-Type", equalTo("application/json")));
		assertThat(recorded.outcomes("/v1/search")).containsExactly(ShadowOutcome.MATCH);
	}

	@Test
	void aCopyIsMarkedForFalconAndLegacyNeverSeesTheMark(StandIns standIns) throws Exception {
		standIns.legacy().stubFor(get(anyUrl()).willReturn(json("{\"result\":{}}")));
		standIns.falcon().stubFor(get(anyUrl()).willReturn(json("{}")));
		// Six reads: with noise-percent 50, legacy is almost surely read a second time
		// too.
		int reads = 6;
		for (int i = 0; i < reads; i++) {
			HttpResponse<String> answer = send(HttpRequest.newBuilder(uri("/v1/users/3?fields=name"))
				.header("X-Shadow-Request", "1")
				.header("Accept-Language", "de")
				.GET());
			assertThat(answer.statusCode()).isEqualTo(200);
		}
		await().atMost(Duration.ofSeconds(5)).until(() -> recorded.forPath("/v1/users/3").size() == reads);
		standIns.falcon()
			.verify(reads,
					getRequestedFor(urlEqualTo("/v1/users/3?fields=name")).withHeader("X-Shadow-Request", equalTo("1"))
						.withHeader("Accept-Language", equalTo("de")));
		assertThat(standIns.legacy().findAll(getRequestedFor(urlEqualTo("/v1/users/3?fields=name"))))
			.allSatisfy(request -> assertThat(request.containsHeader("X-Shadow-Request")).isFalse());
	}

	@Test
	void aLegacyBodyOverTheBudgetIsServedWholeAndSkipped(StandIns standIns) throws Exception {
		byte[] large = new byte[200 * 1024];
		new Random(7).nextBytes(large);
		standIns.legacy()
			.stubFor(get("/v1/files/1").willReturn(aResponse().withStatus(200)
				.withHeader("Content-Type", "application/octet-stream")
				.withBody(large)));
		standIns.falcon().stubFor(get("/v1/files/1").willReturn(aResponse().withStatus(200).withBody(large)));
		HttpResponse<byte[]> answer = http.send(HttpRequest.newBuilder(uri("/v1/files/1")).GET().build(),
				HttpResponse.BodyHandlers.ofByteArray());
		assertThat(answer.statusCode()).isEqualTo(200);
		assertThat(answer.body()).isEqualTo(large);
		await().atMost(Duration.ofSeconds(5)).until(() -> !recorded.forPath("/v1/files/1").isEmpty());
		assertThat(recorded.outcomes("/v1/files/1")).containsExactly(ShadowOutcome.SKIPPED);
		assertThat(standIns.falcon().findAll(anyRequestedFor(anyUrl()))).isEmpty();
	}

	@Test
	void aFalconSlowerThanTheShadowTimeoutIsFalconErrorAndTheClientNeverWaits(StandIns standIns) throws Exception {
		standIns.legacy().stubFor(get("/v1/users/9").willReturn(json("{\"result\":{}}")));
		standIns.falcon().stubFor(get("/v1/users/9").willReturn(json("{}").withFixedDelay(5000)));
		long started = System.nanoTime();
		HttpResponse<String> answer = send(HttpRequest.newBuilder(uri("/v1/users/9")).GET());
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
		assertThat(answer.body()).isEqualTo("{\"result\":{}}");
		// The default shadow timeout, 2 s.
		await().atMost(Duration.ofSeconds(4)).until(() -> !recorded.forPath("/v1/users/9").isEmpty());
		assertThat(recorded.outcomes("/v1/users/9")).containsExactly(ShadowOutcome.FALCON_ERROR);
	}

	private static Set<String> fields(ShadowResult result) {
		return result.differences().stream().map(FieldDifference::field).collect(Collectors.toSet());
	}

	private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(String body) {
		return aResponse().withStatus(200)
			.withHeader("Content-Type", "application/json")
			.withBody(body)
			.withTransformers("response-template");
	}

	private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
		return http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
	}

	private URI uri(String pathAndQuery) {
		return URI.create("http://localhost:" + port + pathAndQuery);
	}

}
