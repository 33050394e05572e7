package io.aclgateway.relay.intake;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.test.web.server.LocalServerPort;

import io.aclgateway.testing.GatewayIntegrationTest;
import io.aclgateway.testing.SignedEvents;

import static io.aclgateway.testing.SignedEvents.SINGLE;
import static io.aclgateway.testing.SignedEvents.messagePosted;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * operations.md: without any signing secret, {@code POST /events} answers 401 to
 * everything.
 */
@GatewayIntegrationTest(upstreams = {}, properties = "acl.events.queue-url=http://127.0.0.1:9/000000000000/q.fifo")
class EventsWithoutSecretsIntegrationTests {

	@LocalServerPort
	int port;

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
