package io.aclgateway.relay.intake.kafka;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.aclgateway.AclGatewayApplication;
import io.aclgateway.relay.core.InMemoryRoomLedger;
import io.aclgateway.relay.core.RoomActivity;
import io.aclgateway.relay.core.RoomActivity.Activity;
import io.aclgateway.testing.GatewayIntegrationTest;
import io.aclgateway.testing.SignedEvents;
import io.aclgateway.testing.StandIns;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Shadow reads' question on any replica (issue 14 step 4, docs/design/relay-state.md 8):
 * two gateway replicas on one broker; an event {@code POST /events} took on replica A
 * makes its room busy on replica B while it is on its way to the queue and for the window
 * after its delivery, and B answers unknown, never quiet, when it cannot read the facts.
 * The queue is behind a WireMock that answers late, so the event stays pending.
 */
@GatewayIntegrationTest(upstreams = {}, queues = KafkaSharedRoomViewIntegrationTests.QUEUE,
		properties = { "acl.role=gateway", "acl.events.kafka.state.create-topics=true", FalconLog.BROKERS,
				// Longer than the queue's delay: the event is pending that long, never
				// resent.
				"acl.sqs.api-call-attempt-timeout=20s", "acl.sqs.api-call-timeout=30s" })
@EmbeddedKafka(partitions = 2, topics = FalconLog.TOPIC)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DirtiesContext
class KafkaSharedRoomViewIntegrationTests {

	static final String QUEUE = "shared-view.fifo";

	/** How long the queue takes to answer: the event is pending that long on A. */
	private static final int QUEUE_DELAY_MILLIS = 8000;

	/**
	 * Started with the class, before the context that needs its address (the class's
	 * lifecycle builds the instance first, before any extension's start).
	 */
	static final WireMockServer slowQueue = new WireMockServer(wireMockConfig().dynamicPort());

	static {
		slowQueue.start();
	}

	private final StandIns standIns;

	@LocalServerPort
	int port;

	@Value("${acl.events.kafka.bootstrap-servers}")
	String brokers;

	@Autowired
	RoomActivity activityOnA;

	@Autowired
	EmbeddedKafkaBroker broker;

	@Autowired
	MeterRegistry meters;

	private ConfigurableApplicationContext podB;

	KafkaSharedRoomViewIntegrationTests(StandIns standIns) {
		this.standIns = standIns;
	}

	@DynamicPropertySource
	static void throughTheSlowQueue(DynamicPropertyRegistry registry) {
		registry.add("acl.sqs.endpoint", slowQueue::baseUrl);
	}

	@BeforeAll
	void startReplicaB() throws Exception {
		Path routing = Files.createTempFile("shared-view-routing", ".yml");
		routing.toFile().deleteOnExit();
		Files.writeString(routing, "default: legacy\n");
		podB = new SpringApplicationBuilder(AclGatewayApplication.class).run("--server.port=0",
				"--management.server.port=0", "--acl.role=gateway", "--acl.routing.file=" + routing,
				"--acl.falcon.uri=" + StandIns.NOWHERE, "--acl.legacy.uri=" + StandIns.NOWHERE,
				"--acl.events.kafka.bootstrap-servers=" + brokers, "--acl.events.kafka.state.create-topics=true");
	}

	@AfterAll
	void stopReplicaB() {
		if (podB != null) {
			podB.close();
		}
		slowQueue.stop();
	}

	@Test
	@Order(1)
	void aRoomDeliveredOnAIsBusyOnBForTheWindowThenQuiet() {
		slowQueue.stubFor(any(anyUrl()).willReturn(aResponse().proxiedFrom(standIns.sqs().endpoint().toString())));
		RoomActivity onB = podB.getBean(RoomActivity.class);
		Duration window = Duration.ofSeconds(5);
		await().atMost(Duration.ofSeconds(30)).until(() -> onB.activity(9000, window) == Activity.QUIET);

		assertThat(post(9000).statusCode()).isEqualTo(202);

		await().atMost(Duration.ofSeconds(4)).until(() -> factsPublishedByA() >= 2);
		await().atMost(Duration.ofSeconds(4))
			.pollInterval(Duration.ofMillis(20))
			.until(() -> onB.activity(9000, window) == Activity.BUSY);
		assertThat(podB.getBean(InMemoryRoomLedger.class).activity(9000, window)).isEqualTo(Activity.QUIET);
		assertThat(onB.activity(9002, window)).isEqualTo(Activity.QUIET);
		await().atMost(window.plusSeconds(2))
			.pollInterval(Duration.ofMillis(50))
			.until(() -> onB.activity(9000, window) == Activity.QUIET);
	}

	@Test
	@Order(2)
	void aRoomPendingOnAIsBusyOnBUntilItsDeliveryThenForTheWindow() throws Exception {
		slowQueue.stubFor(any(anyUrl()).willReturn(
				aResponse().proxiedFrom(standIns.sqs().endpoint().toString()).withFixedDelay(QUEUE_DELAY_MILLIS)));
		RoomActivity onB = podB.getBean(RoomActivity.class);
		Duration window = Duration.ofSeconds(5);
		await().atMost(Duration.ofSeconds(10)).until(() -> onB.activity(9001, window) == Activity.QUIET);

		CompletableFuture<HttpResponse<String>> answer = CompletableFuture.supplyAsync(() -> post(9001));
		await().atMost(Duration.ofSeconds(QUEUE_DELAY_MILLIS / 1000))
			.pollInterval(Duration.ofMillis(20))
			.until(() -> activityOnA.activity(9001, Duration.ZERO) == Activity.BUSY);
		long pendingOnA = System.nanoTime();

		// Pending: busy whatever the window, while the queue has not answered A.
		await().atMost(Duration.ofSeconds(4))
			.pollInterval(Duration.ofMillis(20))
			.until(() -> onB.activity(9001, Duration.ZERO) == Activity.BUSY);
		assertThat(answer).isNotDone();
		assertThat(podB.getBean(InMemoryRoomLedger.class).activity(9001, window)).isEqualTo(Activity.QUIET);
		assertThat(onB.activity(9002, window)).isEqualTo(Activity.QUIET);

		assertThat(answer.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(202);
		assertThat(Duration.ofNanos(System.nanoTime() - pendingOnA)).isGreaterThan(Duration.ofSeconds(4));
		// Delivered: no longer pending, busy for the window after the delivery.
		await().atMost(Duration.ofSeconds(4))
			.pollInterval(Duration.ofMillis(20))
			.until(() -> onB.activity(9001, Duration.ZERO) == Activity.QUIET);
		assertThat(onB.activity(9001, window)).isEqualTo(Activity.BUSY);
		await().atMost(window.plusSeconds(2))
			.pollInterval(Duration.ofMillis(50))
			.until(() -> onB.activity(9001, window) == Activity.QUIET);
	}

	private double factsPublishedByA() {
		return meters.get("acl.relay.view.facts").tag("outcome", "published").counter().count();
	}

	@Test
	@Order(3)
	void withTheBrokerGoneBAnswersUnknownAndAStillRelaysAndKnowsItsOwnRooms() throws Exception {
		slowQueue.stubFor(any(anyUrl()).willReturn(aResponse().proxiedFrom(standIns.sqs().endpoint().toString())));
		RoomActivity onB = podB.getBean(RoomActivity.class);
		Duration window = Duration.ofSeconds(10);
		await().atMost(Duration.ofSeconds(10)).until(() -> onB.activity(9003, window) == Activity.QUIET);

		broker.destroy();

		await().atMost(Duration.ofSeconds(6))
			.pollInterval(Duration.ofMillis(50))
			.until(() -> onB.activity(9003, window) == Activity.UNKNOWN);
		assertThat(podB.getBean(MeterRegistry.class).get("acl.relay.view.lag").gauge().value()).isGreaterThan(2);
		// A's view lost the broker too, though its last read may have been a poll later
		// than B's.
		await().atMost(Duration.ofSeconds(6))
			.pollInterval(Duration.ofMillis(50))
			.until(() -> activityOnA.activity(9003, window) == Activity.UNKNOWN);
		// Publishing its facts never holds up A's answer, and A's own ledger is exact.
		assertThat(post(9004).statusCode()).isEqualTo(202);
		assertThat(activityOnA.activity(9004, window)).isEqualTo(Activity.BUSY);
		assertThat(activityOnA.activity(9003, window)).isEqualTo(Activity.UNKNOWN);
	}

	private HttpResponse<String> post(long room) {
		try {
			return new SignedEvents(port).post(SignedEvents.SINGLE,
					SignedEvents.messagePosted("evt-view-" + room + "-" + System.nanoTime(), room, 1, "hello"));
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
