package io.aclgateway.relay.intake;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;

import io.aclgateway.testing.GatewayIntegrationTest;
import io.aclgateway.testing.SignedEvents;

import static io.aclgateway.testing.SignedEvents.SINGLE;
import static io.aclgateway.testing.SignedEvents.messagePosted;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * operations.md: without {@code acl.events.queue-url}, a signed valid request is answered
 * 503.
 */
@GatewayIntegrationTest(upstreams = {}, properties = "acl.events.signing-secrets=" + SignedEvents.SECRET)
class EventsWithoutQueueIntegrationTests {

	@LocalServerPort
	int port;

	@Test
	void answers503WithRetryAfterToASignedValidRequest() throws Exception {
		HttpResponse<String> response = new SignedEvents(port).post(SINGLE, messagePosted("a", 1, 1, "x"));

		assertThat(response.statusCode()).isEqualTo(503);
		assertThat(response.headers().firstValue("Retry-After")).isPresent();
		assertThat(response.body()).contains("\"code\":\"queue_unavailable\"").contains("\"status\":\"failed\"");
	}

}
