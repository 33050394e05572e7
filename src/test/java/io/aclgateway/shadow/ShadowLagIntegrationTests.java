package io.aclgateway.shadow;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

import io.aclgateway.shadow.compare.ShadowOutcome;
import io.aclgateway.testing.GatewayIntegrationTest;
import io.aclgateway.testing.SignedEvents;
import io.aclgateway.testing.StandIns;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.aclgateway.testing.SignedEvents.SINGLE;
import static io.aclgateway.testing.SignedEvents.messagePosted;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Lag told from wrong (shadow.md section 2): a difference in a room whose event the relay
 * just delivered to legacy's queue is lagging and read again; it converges when legacy
 * has caught up, and is a mismatch when it never does. A quiet room's difference is a
 * mismatch at once.
 */
@GatewayIntegrationTest(routing = """
		default: legacy
		shadow:
		  percent: 100
		  rules:
		    - name: messages
		      paths: ["/v1/rooms/*/messages"]
		      room: "/v1/rooms/{rid}/**"
		      compare:
		        legacy: /result
		        falcon: ""
		""", queues = "legacy-events", properties = "acl.shadow.recheck-delays=300ms,600ms")
@Import(RecordingShadowResults.class)
class ShadowLagIntegrationTests {

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
	void aDifferenceInARoomWithAnEventOnItsWayIsLaggingThenConvergesWhenLegacyCatchesUp(StandIns standIns)
			throws Exception {
		// Legacy answers with the room as before the event, then (its consumer caught up)
		// as after it.
		standIns.legacy()
			.stubFor(get("/v1/rooms/7/messages").inScenario("legacy consumer")
				.whenScenarioStateIs(Scenario.STARTED)
				.willReturn(json("{\"result\":{\"last\":1}}"))
				.willSetStateTo("caught up"));
		standIns.legacy()
			.stubFor(get("/v1/rooms/7/messages").inScenario("legacy consumer")
				.whenScenarioStateIs("caught up")
				.willReturn(json("{\"result\":{\"last\":2}}")));
		standIns.falcon().stubFor(get("/v1/rooms/7/messages").willReturn(json("{\"last\":2}")));
		assertThat(new SignedEvents(port).post(SINGLE, messagePosted("evt-lag-7", 7, 2, "hello")).statusCode())
			.isEqualTo(202);

		HttpResponse<String> answer = read("/v1/rooms/7/messages");
		assertThat(answer.body()).isEqualTo("{\"result\":{\"last\":1}}");

		await().atMost(Duration.ofSeconds(5)).until(() -> recorded.forPath("/v1/rooms/7/messages").size() == 2);
		assertThat(recorded.outcomes("/v1/rooms/7/messages")).containsExactly(ShadowOutcome.LAGGING,
				ShadowOutcome.CONVERGED);
		standIns.legacy().verify(2, getRequestedFor(urlEqualTo("/v1/rooms/7/messages")));
		standIns.falcon().verify(2, getRequestedFor(urlEqualTo("/v1/rooms/7/messages")));
	}

	@Test
	void aDifferenceInARoomWithAnEventOnItsWayIsLaggingThenConvergesWhenFalconsAnswerChanges(StandIns standIns)
			throws Exception {
		// The scenario: Falcon's answer changes between the first read and the
		// recheck (here it had not yet applied the room's latest state), legacy stays.
		standIns.legacy().stubFor(get("/v1/rooms/11/messages").willReturn(json("{\"result\":{\"last\":2}}")));
		standIns.falcon()
			.stubFor(get("/v1/rooms/11/messages").inScenario("falcon projection")
				.whenScenarioStateIs(Scenario.STARTED)
				.willReturn(json("{\"last\":1}"))
				.willSetStateTo("projected"));
		standIns.falcon()
			.stubFor(get("/v1/rooms/11/messages").inScenario("falcon projection")
				.whenScenarioStateIs("projected")
				.willReturn(json("{\"last\":2}")));
		assertThat(new SignedEvents(port).post(SINGLE, messagePosted("evt-lag-11", 11, 2, "hello")).statusCode())
			.isEqualTo(202);

		read("/v1/rooms/11/messages");

		await().atMost(Duration.ofSeconds(5)).until(() -> recorded.forPath("/v1/rooms/11/messages").size() == 2);
		assertThat(recorded.outcomes("/v1/rooms/11/messages")).containsExactly(ShadowOutcome.LAGGING,
				ShadowOutcome.CONVERGED);
		standIns.falcon().verify(2, getRequestedFor(urlEqualTo("/v1/rooms/11/messages")));
	}

	@Test
	void aDifferenceThatOutlastsTheRechecksIsAMismatch(StandIns standIns) throws Exception {
		standIns.legacy().stubFor(get("/v1/rooms/9/messages").willReturn(json("{\"result\":{\"last\":1}}")));
		standIns.falcon().stubFor(get("/v1/rooms/9/messages").willReturn(json("{\"last\":5}")));
		assertThat(new SignedEvents(port).post(SINGLE, messagePosted("evt-lag-9", 9, 2, "hello")).statusCode())
			.isEqualTo(202);

		read("/v1/rooms/9/messages");

		await().atMost(Duration.ofSeconds(5)).until(() -> recorded.forPath("/v1/rooms/9/messages").size() == 2);
		assertThat(recorded.outcomes("/v1/rooms/9/messages")).containsExactly(ShadowOutcome.LAGGING,
				ShadowOutcome.MISMATCH);
		standIns.falcon().verify(3, getRequestedFor(urlEqualTo("/v1/rooms/9/messages")));
	}

	@Test
	void aDifferenceInAQuietRoomIsAMismatchAtOnce(StandIns standIns) throws Exception {
		standIns.legacy().stubFor(get("/v1/rooms/8/messages").willReturn(json("{\"result\":{\"last\":1}}")));
		standIns.falcon().stubFor(get("/v1/rooms/8/messages").willReturn(json("{\"last\":2}")));

		read("/v1/rooms/8/messages");

		await().atMost(Duration.ofSeconds(5)).until(() -> !recorded.forPath("/v1/rooms/8/messages").isEmpty());
		Thread.sleep(1000);
		assertThat(recorded.outcomes("/v1/rooms/8/messages")).containsExactly(ShadowOutcome.MISMATCH);
		standIns.falcon().verify(1, getRequestedFor(urlEqualTo("/v1/rooms/8/messages")));
	}

	private HttpResponse<String> read(String path) throws Exception {
		HttpResponse<String> answer = http.send(
				HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET().build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(answer.statusCode()).isEqualTo(200);
		return answer;
	}

	private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(String body) {
		return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(body);
	}

}
