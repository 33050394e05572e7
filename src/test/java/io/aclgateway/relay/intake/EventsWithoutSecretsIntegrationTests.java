package io.aclgateway.relay.intake;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.aclgateway.testing.EmbeddedSqs;
import io.aclgateway.testing.GatewayProperties;
import io.aclgateway.testing.SignedEvents;

import static io.aclgateway.testing.SignedEvents.SINGLE;
import static io.aclgateway.testing.SignedEvents.messagePosted;
import static org.assertj.core.api.Assertions.assertThat;

/** operations.md: without any signing secret, {@code POST /events} answers 401 to everything. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "management.server.port=0")
class EventsWithoutSecretsIntegrationTests {

	@TempDir
	static Path config;

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void gateway(DynamicPropertyRegistry registry) {
		EmbeddedSqs.useAsDefaultAwsEnvironment();
		GatewayProperties.withoutUpstreams(registry, config);
		registry.add("acl.events.queue-url", () -> "http://127.0.0.1:9/000000000000/q.fifo");
	}

	@Test
	void answers401ToEveryRequestEvenAProperlySignedOne() throws Exception {
		HttpResponse<String> response = new SignedEvents(port).post(SINGLE, messagePosted("a", 1, 1, "x"));

		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.body()).contains("\"code\":\"unauthenticated\"");
	}

	/** The 401 comes before any other check: content type, size, JSON. */
	@ParameterizedTest
	@CsvSource({ "text/plain, 10", "application/cloudevents+json, 6000000", "application/cloudevents+json, 0",
			"application/cloudevents-batch+json, 10" })
	void answers401BeforeLookingAtContentTypeSizeOrBody(String contentType, int bodyBytes) throws Exception {
		SignedEvents falcon = new SignedEvents(port);
		HttpResponse<String> response = falcon.send(HttpRequest.newBuilder(falcon.uri())
			.header("Content-Type", contentType)
			.POST(HttpRequest.BodyPublishers.ofString("{".repeat(bodyBytes))));

		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.body()).contains("\"code\":\"unauthenticated\"");
	}

}
