package io.aclgateway.relay.intake;

import java.net.http.HttpResponse;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.aclgateway.testing.GatewayProperties;
import io.aclgateway.testing.SignedEvents;

import static io.aclgateway.testing.SignedEvents.SINGLE;
import static io.aclgateway.testing.SignedEvents.messagePosted;
import static org.assertj.core.api.Assertions.assertThat;

/** operations.md: without {@code acl.events.queue-url}, a signed valid request is answered 503. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "management.server.port=0")
class EventsWithoutQueueIntegrationTests {

	@TempDir
	static Path config;

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void gateway(DynamicPropertyRegistry registry) {
		GatewayProperties.withoutUpstreams(registry, config);
		registry.add("acl.events.signing-secrets", () -> SignedEvents.SECRET);
	}

	@Test
	void answers503WithRetryAfterToASignedValidRequest() throws Exception {
		HttpResponse<String> response = new SignedEvents(port).post(SINGLE, messagePosted("a", 1, 1, "x"));

		assertThat(response.statusCode()).isEqualTo(503);
		assertThat(response.headers().firstValue("Retry-After")).isPresent();
		assertThat(response.body()).contains("\"code\":\"queue_unavailable\"").contains("\"status\":\"failed\"");
	}

}
