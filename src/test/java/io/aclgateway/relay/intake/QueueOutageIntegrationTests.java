package io.aclgateway.relay.intake;

import java.net.http.HttpResponse;
import java.nio.file.Path;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
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

/**
 * The queue going away and coming back: 503 with Retry-After and never a 202 while it is down, the
 * queue's circuit breaker answering at once once it has opened, then exactly-once delivery.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "management.server.port=0")
class QueueOutageIntegrationTests {

	static final EmbeddedSqs sqs = EmbeddedSqs.start();

	static final String QUEUE = sqs.createFifoQueue("outage.fifo");

	@TempDir
	static Path config;

	@LocalServerPort
	int port;

	@Autowired
	CircuitBreakerRegistry breakers;

	@Autowired
	MeterRegistry meters;

	private final JsonMapper json = JsonMapper.builder().build();

	@DynamicPropertySource
	static void gateway(DynamicPropertyRegistry registry) {
		GatewayProperties.withoutUpstreams(registry, config);
		GatewayProperties.events(registry, sqs, QUEUE);
		registry.add("acl.events.retry-after", () -> "7s");
		registry.add("acl.sqs.api-call-timeout", () -> "3s");
		registry.add("acl.events.queue-breaker.open-duration", () -> "1s");
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
		for (int i = 0; i < 5; i++) {
			HttpResponse<String> down = falcon.post(BATCH, during);

			assertThat(down.statusCode()).isEqualTo(503);
			assertThat(down.headers().firstValue("Retry-After")).hasValue("7");
			JsonNode problem = json.readTree(down.body());
			assertThat(problem.get("code").asString()).isEqualTo("queue_unavailable");
			assertThat(problem.get("results")).hasSize(2)
				.allSatisfy(result -> assertThat(result.get("status").asString()).isEqualTo("failed"));
		}
		CircuitBreaker queue = breakers.circuitBreaker("sqs");
		assertThat(queue.getState()).as("the queue's breaker opened").isEqualTo(CircuitBreaker.State.OPEN);
		long refusedBefore = queue.getMetrics().getNumberOfNotPermittedCalls();
		long sendsBefore = meters.timer("acl.sqs.send").count();
		assertThat(falcon.post(BATCH, during).statusCode()).isEqualTo(503);
		assertThat(queue.getMetrics().getNumberOfNotPermittedCalls())
			.as("answered at once, without waiting on the queue").isEqualTo(refusedBefore + 1);
		assertThat(meters.timer("acl.sqs.send").count()).as("a refused delivery is not timed as a send")
			.isEqualTo(sendsBefore);

		sqs.restart();
		sqs.createFifoQueue("outage.fifo");
		HttpResponse<String> resent = falcon.post(BATCH, during);
		for (int i = 0; i < 50 && resent.statusCode() != 202; i++) {
			Thread.sleep(100);
			resent = falcon.post(BATCH, during);
		}
		HttpResponse<String> resentAgain = falcon.post(BATCH, during);

		assertThat(resent.statusCode()).isEqualTo(202);
		assertThat(resentAgain.statusCode()).isEqualTo(202);
		assertThat(sqs.drain(QUEUE)).extracting(message -> json.readTree(message.body()).get("eid").asString())
			.containsExactlyInAnyOrder("during-1", "during-2");
	}

}
