package io.aclgateway.relay.intake;

import java.net.http.HttpResponse;
import java.time.Duration;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.aclgateway.testing.EmbeddedSqs;
import io.aclgateway.testing.GatewayIntegrationTest;
import io.aclgateway.testing.SignedEvents;
import io.aclgateway.testing.StandIns;

import static io.aclgateway.testing.SignedEvents.BATCH;
import static io.aclgateway.testing.SignedEvents.messagePosted;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The queue going away and coming back: 503 with Retry-After and never a 202 while it is
 * down, the queue's circuit breaker answering at once once it has opened, then
 * exactly-once delivery.
 */
@GatewayIntegrationTest(upstreams = {}, queues = "outage.fifo", properties = { "acl.events.retry-after=7s",
		"acl.sqs.api-call-timeout=3s", "acl.events.queue-breaker.open-duration=1s" })
class QueueOutageIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	CircuitBreakerRegistry breakers;

	@Autowired
	MeterRegistry meters;

	private final JsonMapper json = JsonMapper.builder().build();

	private final EmbeddedSqs sqs;

	private final String queueUrl;

	QueueOutageIntegrationTests(StandIns standIns) {
		this.sqs = standIns.sqs();
		this.queueUrl = standIns.queueUrl();
	}

	@Test
	void answers503WithRetryAfterWhileTheQueueIsDownAndDeliversTheResendExactlyOnce() throws Exception {
		SignedEvents falcon = new SignedEvents(port);
		String before = "[" + messagePosted("before-1", 1, 1, "a") + "]";
		String during = "[" + messagePosted("during-1", 1, 2, "b") + "," + messagePosted("during-2", 2, 3, "c") + "]";
		assertThat(falcon.post(BATCH, before).statusCode()).isEqualTo(202);
		assertThat(sqs.drain(queueUrl)).hasSize(1);

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
			.as("answered at once, without waiting on the queue")
			.isEqualTo(refusedBefore + 1);
		assertThat(meters.timer("acl.sqs.send").count()).as("a refused delivery is not timed as a send")
			.isEqualTo(sendsBefore);

		sqs.restart();
		sqs.createFifoQueue("outage.fifo");
		HttpResponse<String> resent = await().atMost(Duration.ofSeconds(5))
			.pollDelay(Duration.ZERO)
			.pollInterval(Duration.ofMillis(100))
			.until(() -> falcon.post(BATCH, during), response -> response.statusCode() == 202);
		HttpResponse<String> resentAgain = falcon.post(BATCH, during);

		assertThat(resent.statusCode()).isEqualTo(202);
		assertThat(resentAgain.statusCode()).isEqualTo(202);
		assertThat(sqs.drain(queueUrl)).extracting(message -> json.readTree(message.body()).get("eid").asString())
			.containsExactlyInAnyOrder("during-1", "during-2");
	}

}
