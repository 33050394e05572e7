package io.aclgateway.relay.intake.kafka;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.sqs.model.Message;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.test.context.EmbeddedKafka;

import io.aclgateway.relay.release.Releases;
import io.aclgateway.testing.EmbeddedSqs;
import io.aclgateway.testing.GatewayIntegrationTest;
import io.aclgateway.testing.SignedEvents;
import io.aclgateway.testing.StandIns;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code acl.role=relay}: the public port routes nothing and takes no
 * {@code POST /events} (404 in the gateway's usual dialects, nothing reaches an
 * upstream), the management port stays and is ready, and events still flow from Kafka to
 * the queue, and the release file is read.
 */
@GatewayIntegrationTest(queues = KafkaRelayRoleIntegrationTests.QUEUE,
		properties = { "acl.role=relay", "acl.events.kafka.state.create-topics=true", FalconLog.BROKERS })
@EmbeddedKafka(partitions = 1, topics = FalconLog.TOPIC)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KafkaRelayRoleIntegrationTests {

	static final String QUEUE = "relay-role.fifo";

	private static final JsonMapper json = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newHttpClient();

	private final EmbeddedSqs sqs;

	private final String queueUrl;

	private final WireMockServer legacy;

	private final WireMockServer falcon;

	@LocalServerPort
	int port;

	@LocalManagementPort
	int managementPort;

	@Autowired
	Releases releases;

	@Autowired
	MeterRegistry meters;

	@Value("${acl.events.kafka.bootstrap-servers}")
	String bootstrapServers;

	private FalconLog log;

	KafkaRelayRoleIntegrationTests(StandIns standIns) {
		this.sqs = standIns.sqs();
		this.queueUrl = standIns.queueUrl();
		this.legacy = standIns.legacy();
		this.falcon = standIns.falcon();
	}

	@BeforeAll
	void connect() {
		log = new FalconLog(bootstrapServers);
	}

	@AfterAll
	void disconnect() {
		log.close();
	}

	@Test
	void thePublicPortRoutesNothing() throws Exception {
		legacy.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("legacy")));
		falcon.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("falcon")));

		HttpResponse<String> response = http.send(
				HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/rooms")).build(),
				HttpResponse.BodyHandlers.ofString());

		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(response.body()).contains("\"code\":\"not_found\"").contains("\"success\":false");
		assertThat(legacy.getAllServeEvents()).isEmpty();
		assertThat(falcon.getAllServeEvents()).isEmpty();
	}

	@Test
	void thePublicPortTakesNoEvents() throws Exception {
		HttpResponse<String> response = new SignedEvents(port).post(SignedEvents.SINGLE,
				SignedEvents.messagePosted("over-http", 77, 1, "x"));

		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(response.body()).contains("\"code\":\"not_found\"");
		assertThat(legacy.getAllServeEvents()).isEmpty();
	}

	@Test
	void theManagementPortStaysAndIsReady() throws Exception {
		HttpResponse<String> readiness = http.send(
				HttpRequest.newBuilder(URI.create("http://localhost:" + managementPort + "/actuator/health/readiness"))
					.build(),
				HttpResponse.BodyHandlers.ofString());

		assertThat(readiness.statusCode()).isEqualTo(200);
		assertThat(readiness.body()).contains("\"UP\"");
	}

	@Test
	void theReleaseFileIsReadWhereTheRelayRuns() {
		// No file at the default path: no releases, and both outcomes counted from 0.
		assertThat(releases.current()).isEmpty();
		assertThat(meters.get("acl.relay.release.reloads").counters()).hasSize(2)
			.allSatisfy(counter -> assertThat(counter.count()).isZero());
	}

	@Test
	void eventsStillFlowFromKafkaToTheQueue() {
		log.structured("4711", json.readTree(SignedEvents.messagePosted("from-the-log", 4711, 1, "hello")));

		List<Message> received = new ArrayList<>();
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			received.addAll(sqs.drain(queueUrl));
			assertThat(received).hasSize(1);
		});
		assertThat(json.readTree(received.get(0).body()).get("eid").asString()).isEqualTo("from-the-log");
	}

}
