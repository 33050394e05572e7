package io.aclgateway.relay.delivery;

import java.net.http.HttpResponse;
import java.nio.file.Path;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.context.SpringBootTest;
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
		sqsFront.stubFor(post(urlEqualTo("/")).atPriority(1)
			.withHeader("X-Amz-Target", containing(BATCH_TARGET))
			.inScenario("flaky")
			.whenScenarioStateIs(Scenario.STARTED)
			.willReturn(failed("InternalError", false))
			.willSetStateTo("recovered"));

		HttpResponse<String> response = new SignedEvents(port).post(SignedEvents.SINGLE,
				SignedEvents.messagePosted("flaky-1", 9, 1, "hello"));

		assertThat(response.statusCode()).isEqualTo(202);
		assertThat(sqsFront.findAll(postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", containing(BATCH_TARGET))))
			.hasSize(2);
		assertThat(sqs.drain(QUEUE)).hasSize(1);
	}

	@Test
	void doesNotRetryAnEntryThatWasTheSendersFaultAndAnswers503() throws Exception {
		sqsFront.stubFor(post(urlEqualTo("/")).atPriority(1)
			.withHeader("X-Amz-Target", containing(BATCH_TARGET))
			.willReturn(failed("InvalidParameterValue", true)));

		HttpResponse<String> response = new SignedEvents(port).post(SignedEvents.SINGLE,
				SignedEvents.messagePosted("refused-1", 9, 1, "hello"));

		assertThat(response.statusCode()).isEqualTo(503);
		assertThat(response.body()).contains("\"code\":\"queue_unavailable\"").contains("\"status\":\"failed\"");
		assertThat(sqsFront.findAll(postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", containing(BATCH_TARGET))))
			.hasSize(1);
	}

	@Test
	void givesUpAfterTheConfiguredAttemptsAndAnswers503() throws Exception {
		sqsFront.stubFor(post(urlEqualTo("/")).atPriority(1)
			.withHeader("X-Amz-Target", containing(BATCH_TARGET))
			.willReturn(failed("ServiceUnavailable", false)));

		HttpResponse<String> response = new SignedEvents(port).post(SignedEvents.SINGLE,
				SignedEvents.messagePosted("down-1", 9, 1, "hello"));

		assertThat(response.statusCode()).isEqualTo(503);
		assertThat(response.headers().firstValue("Retry-After")).isPresent();
		assertThat(sqsFront.findAll(postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", containing(BATCH_TARGET))))
			.hasSize(3);
		assertThat(sqs.drain(QUEUE)).isEmpty();
	}

	/** HTTP 200 with the batch's one entry (id "0") under Failed. */
	private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder failed(String code, boolean senderFault) {
		return aResponse().withStatus(200)
			.withHeader("Content-Type", "application/x-amz-json-1.0")
			.withBody("{\"Successful\":[],\"Failed\":[{\"Id\":\"0\",\"SenderFault\":" + senderFault + ",\"Code\":\"" + code
					+ "\",\"Message\":\"injected by the test\"}]}");
	}

}
