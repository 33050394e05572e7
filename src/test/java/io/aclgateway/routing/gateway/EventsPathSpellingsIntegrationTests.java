package io.aclgateway.routing.gateway;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.UUID;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.standardwebhooks.Webhook;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.aclgateway.testing.GatewayProperties;
import io.aclgateway.testing.RawHttp;
import io.aclgateway.testing.SignedEvents;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code POST /events} spelled otherwise ({@code //events}, {@code /%65vents}) is the
 * events endpoint, as the proxy reads every path in its one normal form: never forwarded
 * to an upstream, where Falcon's signed body (the signature covers id, time and body, not
 * the path) could be replayed.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "management.server.port=0")
class EventsPathSpellingsIntegrationTests {

	@RegisterExtension
	static WireMockExtension upstream = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

	@TempDir
	static Path config;

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void gateway(DynamicPropertyRegistry registry) {
		GatewayProperties.routing(registry, config, "default: legacy\n", upstream.baseUrl(), upstream.baseUrl());
		registry.add("acl.events.signing-secrets", () -> SignedEvents.SECRET);
	}

	@BeforeEach
	void stubs() {
		upstream.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("upstream")));
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
		upstream.verify(0, anyRequestedFor(anyUrl()));
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
		upstream.verify(0, anyRequestedFor(anyUrl()));
	}

}
