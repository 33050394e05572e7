package io.aclgateway.relay.intake;

import java.net.http.HttpResponse;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.aclgateway.testing.EmbeddedSqs;
import io.aclgateway.testing.GatewayProperties;
import io.aclgateway.testing.SignedEvents;

import static io.aclgateway.testing.SignedEvents.BATCH;
import static io.aclgateway.testing.SignedEvents.messagePosted;
import static org.assertj.core.api.Assertions.assertThat;

/** The queue going away and coming back: 503 with Retry-After, never a 202, then exactly-once delivery. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "management.server.port=0")
class QueueOutageIntegrationTests {

	static final EmbeddedSqs sqs = EmbeddedSqs.start();

	static final String QUEUE = sqs.createFifoQueue("outage.fifo");

	@TempDir
	static Path config;

	@LocalServerPort
	int port;

	private final JsonMapper json = JsonMapper.builder().build();

	@DynamicPropertySource
	static void gateway(DynamicPropertyRegistry registry) {
		GatewayProperties.withoutUpstreams(registry, config);
		GatewayProperties.events(registry, sqs, QUEUE);
		registry.add("acl.events.retry-after", () -> "7s");
		registry.add("acl.sqs.api-call-timeout", () -> "3s");
	}

	@AfterAll
	static void stopQueue() {
		sqs.close();
	}

	@Test
	void answers503WithRetryAfterWhileTheQueueIsDownAndDeliversTheResendExactlyOnce() throws Exception {
		SignedEvents falcon = new SignedEvents(port);
		String before = "[" + messagePosted("before-1", 1, 1, "a") + "]";
		String during = "[" + messagePosted("during-1", 1, 2, "b") + "," + messagePosted("during-2", 2, 3, "c") + "]";
		assertThat(falcon.post(BATCH, before).statusCode()).isEqualTo(202);
		assertThat(sqs.drain(QUEUE)).hasSize(1);

		sqs.stop();
		long start = System.nanoTime();
		HttpResponse<String> down = falcon.post(BATCH, during);
		long millis = (System.nanoTime() - start) / 1_000_000;

		assertThat(down.statusCode()).isEqualTo(503);
		assertThat(down.headers().firstValue("Retry-After")).hasValue("7");
		JsonNode problem = json.readTree(down.body());
		assertThat(problem.get("code").asString()).isEqualTo("queue_unavailable");
		assertThat(problem.get("results")).hasSize(2)
			.allSatisfy(result -> assertThat(result.get("status").asString()).isEqualTo("failed"));
		assertThat(millis).as("a queue outage is answered, not hung on").isLessThan(10_000);

		sqs.restart();
		sqs.createFifoQueue("outage.fifo");
		HttpResponse<String> resent = falcon.post(BATCH, during);
		HttpResponse<String> resentAgain = falcon.post(BATCH, during);

		assertThat(resent.statusCode()).isEqualTo(202);
		assertThat(resentAgain.statusCode()).isEqualTo(202);
		assertThat(sqs.drain(QUEUE)).extracting(message -> json.readTree(message.body()).get("eid").asString())
			.containsExactlyInAnyOrder("during-1", "during-2");
	}

}
