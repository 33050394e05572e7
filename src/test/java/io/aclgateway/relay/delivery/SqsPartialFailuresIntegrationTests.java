package io.aclgateway.relay.delivery;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.Function;
import java.util.regex.Pattern;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.sqs.model.Message;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.aclgateway.testing.BatchEntryFaults;
import io.aclgateway.testing.EmbeddedSqs;
import io.aclgateway.testing.GatewayIntegrationTest;
import io.aclgateway.testing.SignedEvents;
import io.aclgateway.testing.StandIns;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Partial failures of {@code SendMessageBatch}: HTTP 200 with entries under
 * {@code Failed}. WireMock stands between the SDK and the real queue (ElasticMQ),
 * answering some batches itself with failed entries and passing the others through, so
 * each case is seen end to end.
 */
@ExtendWith(OutputCaptureExtension.class)
@GatewayIntegrationTest(upstreams = {}, queues = "partial.fifo", properties = { "acl.events.send-attempts=3",
		// Each case fails on purpose; the queue's breaker must not open between them.
		"acl.events.queue-breaker.minimum-calls=100" })
class SqsPartialFailuresIntegrationTests {

	static final String BATCH_TARGET = BatchEntryFaults.SEND_MESSAGE_BATCH;

	static final BatchEntryFaults entryFaults = new BatchEntryFaults("entry-faults");

	@RegisterExtension
	static WireMockExtension sqsFront = WireMockExtension.newInstance()
		.options(wireMockConfig().dynamicPort().extensions(entryFaults))
		.build();

	@LocalServerPort
	int port;

	@Autowired
	CircuitBreakerRegistry breakers;

	@Autowired
	MeterRegistry meters;

	private final JsonMapper json = JsonMapper.builder().build();

	private final EmbeddedSqs sqs;

	private final String queueUrl;

	SqsPartialFailuresIntegrationTests(StandIns standIns) {
		this.sqs = standIns.sqs();
		this.queueUrl = standIns.queueUrl();
	}

	/** The gateway talks to the queue through the WireMock in front of it. */
	@DynamicPropertySource
	static void throughTheSqsFront(DynamicPropertyRegistry registry) {
		registry.add("acl.sqs.endpoint", sqsFront::baseUrl);
	}

	@BeforeEach
	void passThrough() {
		sqsFront.resetAll();
		sqs.purge(queueUrl);
		sqsFront.stubFor(
				post(urlEqualTo("/")).atPriority(10).willReturn(aResponse().proxiedFrom(sqs.endpoint().toString())));
		entryFaults.fail(faults(null, 0));
		entryFaults.passTo(sqs.endpoint());
	}

	@Test
	void retriesAFailedEntryThatWasNotTheSendersFaultAndAcceptsOnceItIsOnTheQueue() throws Exception {
		sqsFront.stubFor(batches().inScenario("flaky")
			.whenScenarioStateIs(Scenario.STARTED)
			.willReturn(failed("InternalError", false))
			.willSetStateTo("recovered"));

		HttpResponse<String> response = new SignedEvents(port).post(SignedEvents.SINGLE,
				SignedEvents.messagePosted("flaky-1", 9, 1, "hello"));

		assertThat(response.statusCode()).isEqualTo(202);
		assertThat(batchCalls()).hasSize(2);
		assertThat(sqs.drain(queueUrl)).hasSize(1);
	}

	@Test
	void doesNotRetryAnEntryThatWasTheSendersFaultAndAnswers503() throws Exception {
		sqsFront.stubFor(batches().willReturn(failed("KmsAccessDenied", true)));

		HttpResponse<String> response = new SignedEvents(port).post(SignedEvents.SINGLE,
				SignedEvents.messagePosted("refused-1", 9, 1, "hello"));

		assertThat(response.statusCode()).isEqualTo(503);
		assertThat(response.body()).contains("\"code\":\"queue_unavailable\"").contains("\"status\":\"failed\"");
		assertThat(batchCalls()).hasSize(1);
	}

	@Test
	void givesUpAfterTheConfiguredAttemptsAndAnswers503() throws Exception {
		sqsFront.stubFor(batches().willReturn(failed("ServiceUnavailable", false)));

		HttpResponse<String> response = new SignedEvents(port).post(SignedEvents.SINGLE,
				SignedEvents.messagePosted("down-1", 9, 1, "hello"));

		assertThat(response.statusCode()).isEqualTo(503);
		assertThat(response.headers().firstValue("Retry-After")).isPresent();
		assertThat(batchCalls()).hasSize(3);
		assertThat(sqs.drain(queueUrl)).isEmpty();
	}

	@Test
	void logsWhatTheQueueRefusedAndACallThatFailedWithTheRequestsTraceId(CapturedOutput output) throws Exception {
		sqsFront.stubFor(batches().inScenario("refused, then cut")
			.whenScenarioStateIs(Scenario.STARTED)
			.willReturn(failed("ServiceUnavailable", false))
			.willSetStateTo("cut"));
		sqsFront.stubFor(batches().inScenario("refused, then cut")
			.whenScenarioStateIs("cut")
			.willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

		assertThat(new SignedEvents(port).post(SignedEvents.SINGLE, SignedEvents.messagePosted("traced-1", 9, 1, "hi"))
			.statusCode()).isEqualTo(503);

		// The gateway starts a trace for a request that brings none; its 32-hex id is in
		// each line.
		Pattern traceId = Pattern.compile("\\b[0-9a-f]{32}\\b");
		assertThat(output.getOut().lines().filter(line -> line.contains("Queue refused message traced-1"))).isNotEmpty()
			.allMatch(line -> traceId.matcher(line).find());
		assertThat(
				output.getOut().lines().filter(line -> line.contains("SendMessageBatch to") && line.contains("failed")))
			.isNotEmpty()
			.allMatch(line -> traceId.matcher(line).find());
	}

	/**
	 * events.md 1.2 item 5 under any pattern of entry failures: bounded random rounds of
	 * requests over a few rooms, each entry failed by the queue (not our fault) at
	 * random, each request resent by Falcon until 202. Every room's messages end up on
	 * the queue in event order, none missing, none twice.
	 */
	@Test
	void keepsEachRoomsOrderUnderAnyPatternOfEntryFailuresAndResends() throws Exception {
		long seed = 20261129L;
		Random random = new Random(seed);
		entryFaults.fail(faults(new Random(seed + 1), 0.3));
		sqsFront.stubFor(batches().atPriority(5).willReturn(aResponse().withTransformers(entryFaults.getName())));
		SignedEvents falcon = new SignedEvents(port);
		Map<Long, Integer> sent = new LinkedHashMap<>();
		for (int round = 0; round < 12; round++) {
			List<String> events = new ArrayList<>();
			for (int n = 1 + random.nextInt(14); n > 0; n--) {
				long room = 1 + random.nextInt(3);
				int mid = sent.merge(room, 1, Integer::sum);
				events.add(SignedEvents.messagePosted("r" + room + "-" + mid, room, mid, "m"));
			}
			String request = "[" + String.join(",", events) + "]";
			HttpResponse<String> response = falcon.post(SignedEvents.BATCH, request);
			for (int resend = 0; resend < 30 && response.statusCode() == 503; resend++) {
				response = falcon.post(SignedEvents.BATCH, request);
			}
			assertThat(response.statusCode()).as("seed %d, round %d: accepted at last", seed, round).isEqualTo(202);
		}

		Map<Long, List<Integer>> onQueue = new LinkedHashMap<>();
		for (Message message : sqs.drain(queueUrl)) {
			JsonNode body = json.readTree(message.body());
			onQueue.computeIfAbsent(body.get("rid").asLong(), room -> new ArrayList<>()).add(body.get("mid").asInt());
		}
		sent.forEach((room, count) -> assertThat(onQueue.get(room))
			.as("seed %d: room %d's messages on the queue", seed, room)
			.containsExactlyElementsOf(java.util.stream.IntStream.rangeClosed(1, count).boxed().toList()));
	}

	@Test
	void rejectsAnEventTheQueueRefusesForItsContentHoldsItsRoomAndLeavesTheBreakerAlone(CapturedOutput output)
			throws Exception {
		sqsFront.stubFor(batches().atPriority(5).willReturn(aResponse().withTransformers(entryFaults.getName())));
		CircuitBreaker.Metrics breaker = breakers.circuitBreaker("sqs").getMetrics();
		int failedBefore = breaker.getNumberOfFailedCalls();
		double rejectedBefore = meters
			.counter("acl.events", "type", "falcon.message.posted.v1", "outcome", "rejected_by_queue")
			.count();
		String request = "[" + SignedEvents.messagePosted("a-1", 1, 1, "x") + ","
				+ SignedEvents.messagePosted("a-2", 1, 2, "POISON") + "," + SignedEvents.messagePosted("a-3", 1, 3, "x")
				+ "," + SignedEvents.messagePosted("b-1", 2, 1, "x") + ","
				+ SignedEvents.messagePosted("b-2", 2, 2, "x") + "]";

		HttpResponse<String> response = new SignedEvents(port).post(SignedEvents.BATCH, request);

		assertThat(response.statusCode()).isEqualTo(422);
		assertThat(response.headers().firstValue("Retry-After")).isEmpty();
		JsonNode problem = json.readTree(response.body());
		assertThat(problem.get("code").asString()).isEqualTo("rejected_by_queue");
		assertThat(problem.get("results"))
			.extracting(result -> result.get("id").asString() + "=" + result.get("status").asString())
			.containsExactly("a-1=accepted", "a-2=rejected_by_queue", "a-3=failed", "b-1=accepted", "b-2=accepted");
		assertThat(sqs.drain(queueUrl)).extracting(message -> json.readTree(message.body()).get("eid").asString())
			.containsExactlyInAnyOrder("a-1", "b-1", "b-2");
		assertThat(breaker.getNumberOfFailedCalls()).as("not a failure of the queue").isEqualTo(failedBefore);
		assertThat(meters.counter("acl.events", "type", "falcon.message.posted.v1", "outcome", "rejected_by_queue")
			.count()).isEqualTo(rejectedBefore + 1);
		assertThat(output.getOut().lines().filter(line -> line.contains("Queue refused message a-2"))).singleElement()
			.asString()
			.contains("ERROR")
			.contains("rejected_by_queue")
			.contains("InvalidMessageContents");

		// Falcon resends what failed, not what the queue rejected: the room goes on in
		// order.
		assertThat(new SignedEvents(port)
			.post(SignedEvents.BATCH, "[" + SignedEvents.messagePosted("a-3", 1, 3, "x") + "]")
			.statusCode()).isEqualTo(202);
		assertThat(sqs.drain(queueUrl)).extracting(message -> json.readTree(message.body()).get("eid").asString())
			.containsExactly("a-3");
	}

	@Test
	void answers503ForASenderFaultAnOperatorMustFixAndLogsItAsAnError(CapturedOutput output) throws Exception {
		sqsFront.stubFor(batches().atPriority(5).willReturn(aResponse().withTransformers(entryFaults.getName())));

		HttpResponse<String> response = new SignedEvents(port).post(SignedEvents.BATCH,
				"[" + SignedEvents.messagePosted("k-1", 3, 1, "KMSOFF") + ","
						+ SignedEvents.messagePosted("k-2", 4, 1, "x") + "]");

		assertThat(response.statusCode()).isEqualTo(503);
		assertThat(response.headers().firstValue("Retry-After")).isPresent();
		assertThat(json.readTree(response.body()).get("results"))
			.extracting(result -> result.get("id").asString() + "=" + result.get("status").asString())
			.containsExactly("k-1=failed", "k-2=accepted");
		assertThat(batchCalls()).as("not retried").hasSize(1);
		assertThat(output.getOut().lines().filter(line -> line.contains("Queue refused message k-1"))).singleElement()
			.asString()
			.contains("ERROR")
			.contains("queue_sender_fault")
			.contains("KmsDisabled");
	}

	private static MappingBuilder batches() {
		return post(urlEqualTo("/")).atPriority(1).withHeader("X-Amz-Target", containing(BATCH_TARGET));
	}

	private static List<LoggedRequest> batchCalls() {
		return sqsFront.findAll(postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", containing(BATCH_TARGET)));
	}

	/** HTTP 200 with the batch's one entry (id "0") under Failed. */
	private static ResponseDefinitionBuilder failed(String code, boolean senderFault) {
		return aResponse().withStatus(200)
			.withHeader("Content-Type", "application/x-amz-json-1.0")
			.withBody("{\"Successful\":[],\"Failed\":[{\"Id\":\"0\",\"SenderFault\":" + senderFault + ",\"Code\":\""
					+ code + "\",\"Message\":\"injected by the test\"}]}");
	}

	/**
	 * Entries the queue fails: {@code POISON} and {@code KMSOFF} in the body by the
	 * sender's fault, and with {@code random}, each other entry at {@code rate} by the
	 * queue's own.
	 */
	private static Function<JsonNode, Optional<BatchEntryFaults.Fault>> faults(@Nullable Random random, double rate) {
		return entry -> {
			String body = entry.get("MessageBody").asString();
			if (body.contains("POISON")) {
				return Optional.of(new BatchEntryFaults.Fault(true, "InvalidMessageContents"));
			}
			if (body.contains("KMSOFF")) {
				return Optional.of(new BatchEntryFaults.Fault(true, "KmsDisabled"));
			}
			if (random != null && random.nextDouble() < rate) {
				return Optional.of(new BatchEntryFaults.Fault(false, "InternalError"));
			}
			return Optional.empty();
		};
	}

}
