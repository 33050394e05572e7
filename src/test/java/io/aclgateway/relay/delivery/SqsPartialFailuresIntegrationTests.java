package io.aclgateway.relay.delivery;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.aclgateway.testing.EmbeddedSqs;
import io.aclgateway.testing.GatewayProperties;
import io.aclgateway.testing.SignedEvents;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Partial failures of {@code SendMessageBatch}: HTTP 200 with entries under {@code Failed}.
 * WireMock stands between the SDK and the real queue (ElasticMQ), answering some batches itself
 * with failed entries and passing the others through, so each case is seen end to end.
 */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "management.server.port=0")
class SqsPartialFailuresIntegrationTests {

	static final EmbeddedSqs sqs = EmbeddedSqs.start();

	static final String QUEUE = sqs.createFifoQueue("partial.fifo");

	static final String BATCH_TARGET = "AmazonSQS.SendMessageBatch";

	@RegisterExtension
	static WireMockExtension sqsFront = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

	@TempDir
	static Path config;

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void gateway(DynamicPropertyRegistry registry) {
		GatewayProperties.withoutUpstreams(registry, config);
		GatewayProperties.events(registry, sqs, QUEUE);
		registry.add("acl.sqs.endpoint", sqsFront::baseUrl);
		registry.add("acl.events.send-attempts", () -> "3");
		// Each case fails on purpose; the queue's breaker must not open between them.
		registry.add("acl.events.queue-breaker.minimum-calls", () -> "100");
	}

	@AfterAll
	static void stopQueue() {
		sqs.close();
	}

	@BeforeEach
	void passThrough() {
		sqsFront.resetAll();
		sqs.purge(QUEUE);
		sqsFront.stubFor(post(urlEqualTo("/")).atPriority(10).willReturn(aResponse().proxiedFrom(sqs.endpoint().toString())));
	}

	@Test
	void retriesAFailedEntryThatWasNotTheSendersFaultAndAcceptsOnceItIsOnTheQueue() throws Exception {
		sqsFront.stubFor(batches()
			.inScenario("flaky")
			.whenScenarioStateIs(Scenario.STARTED)
			.willReturn(failed("InternalError", false))
			.willSetStateTo("recovered"));

		HttpResponse<String> response = new SignedEvents(port).post(SignedEvents.SINGLE,
				SignedEvents.messagePosted("flaky-1", 9, 1, "hello"));

		assertThat(response.statusCode()).isEqualTo(202);
		assertThat(batchCalls()).hasSize(2);
		assertThat(sqs.drain(QUEUE)).hasSize(1);
	}

	@Test
	void doesNotRetryAnEntryThatWasTheSendersFaultAndAnswers503() throws Exception {
		sqsFront.stubFor(batches().willReturn(failed("InvalidParameterValue", true)));

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
		assertThat(sqs.drain(QUEUE)).isEmpty();
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

		// The gateway starts a trace for a request that brings none; its 32-hex id is in each line.
		Pattern traceId = Pattern.compile("\\b[0-9a-f]{32}\\b");
		assertThat(output.getOut().lines().filter(line -> line.contains("Queue refused message traced-1")))
			.isNotEmpty()
			.allMatch(line -> traceId.matcher(line).find());
		assertThat(output.getOut().lines().filter(line -> line.contains("SendMessageBatch to") && line.contains("failed")))
			.isNotEmpty()
			.allMatch(line -> traceId.matcher(line).find());
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
			.withBody("{\"Successful\":[],\"Failed\":[{\"Id\":\"0\",\"SenderFault\":" + senderFault + ",\"Code\":\"" + code
					+ "\",\"Message\":\"injected by the test\"}]}");
	}

}
