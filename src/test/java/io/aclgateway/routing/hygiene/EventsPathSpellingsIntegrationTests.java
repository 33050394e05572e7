package io.aclgateway.routing.hygiene;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.standardwebhooks.Webhook;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.test.web.server.LocalServerPort;

import io.aclgateway.testing.GatewayIntegrationTest;
import io.aclgateway.testing.RawHttp;
import io.aclgateway.testing.SignedEvents;
import io.aclgateway.testing.StandIns;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code POST /events} spelled otherwise ({@code //events}, {@code /%65vents}) is the
 * events endpoint, as the proxy reads every path in its one normal form: never forwarded
 * to an upstream, where Falcon's signed body (the signature covers id, time and body, not
 * the path) could be replayed.
 */
@GatewayIntegrationTest(properties = "acl.events.signing-secrets=" + SignedEvents.SECRET)
class EventsPathSpellingsIntegrationTests {

	@LocalServerPort
	int port;

	/** Both upstreams, Falcon and legacy: neither may be reached. */
	private final List<WireMockServer> upstreams;

	EventsPathSpellingsIntegrationTests(StandIns standIns) {
		this.upstreams = List.of(standIns.falcon(), standIns.legacy());
	}

	@BeforeEach
	void stubs() {
		upstreams.forEach((upstream) -> upstream
			.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("upstream"))));
	}

	@ParameterizedTest
	@ValueSource(strings = { "//events", "/%65vents", "/%65%76ents", "///events?x=1" })
	void aSignedEventToAnotherSpellingOfTheEventsPathIsTakenByTheEventsEndpoint(String path) throws Exception {
		String body = SignedEvents.messagePosted("a", 1, 1, "x");
		String id = "msg_" + UUID.randomUUID();
		long timestamp = Instant.now().getEpochSecond();
		String answer = RawHttp.exchange(port,
				"POST " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: " + SignedEvents.SINGLE
						+ "\r\nwebhook-id: " + id + "\r\nwebhook-timestamp: " + timestamp + "\r\nwebhook-signature: "
						+ new Webhook(SignedEvents.SECRET).sign(id, timestamp, body) + "\r\nContent-Length: "
						+ body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body);

		// No queue is configured: the events endpoint's answer, not the upstream's.
		assertThat(answer).startsWith("HTTP/1.1 503")
			.contains("\"code\":\"queue_unavailable\"")
			.doesNotContain("upstream");
		upstreams.forEach((upstream) -> upstream.verify(0, anyRequestedFor(anyUrl())));
	}

	@ParameterizedTest
	@ValueSource(strings = { "//events", "/%65vents" })
	void anUnsignedPostToAnotherSpellingOfTheEventsPathIsRefusedByTheEventsEndpoint(String path) throws Exception {
		String answer = RawHttp.exchange(port,
				"POST " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: " + SignedEvents.SINGLE
						+ "\r\nContent-Length: 2\r\n\r\n{}");

		assertThat(answer).startsWith("HTTP/1.1 401")
			.containsIgnoringCase("content-type: application/problem+json")
			.contains("\"code\":\"unauthenticated\"");
		upstreams.forEach((upstream) -> upstream.verify(0, anyRequestedFor(anyUrl())));
	}

}
