package io.aclgateway.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

import com.github.tomakehurst.wiremock.WireMockServer;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;

import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import io.aclgateway.AclGatewayApplication;
import io.aclgateway.testing.EmbeddedSqs;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/**
 * Runs the gateway on embedded defaults for a first try
 * ({@code ./mvnw spring-boot:test-run}): WireMock stand-ins for Falcon and the legacy API
 * on free ports, the repository's {@code config/routing.yml}, debug headers on, and an
 * embedded ElasticMQ on port 9324 holding the legacy FIFO queue that {@code POST /events}
 * writes to, and an embedded Kafka broker (KRaft, its address in {@link #KAFKA_ADDRESS})
 * with Falcon's event log, {@code falcon.events}, which the relay reads into the same
 * queue. The stand-ins answer as {@link DemoStandIns} says: Falcon differs from legacy in
 * one field of one endpoint, which the routing file's shadow rule finds.
 */
public final class DemoGateway {

	/** Only for the demo; {@code scripts/post-event.sh} signs with it by default. */
	static final String DEMO_SECRET = "whsec_ZGVtby1zZWNyZXQtZm9yLWFjbC1nYXRld2F5LW9ubHk=";

	static final int QUEUE_PORT = 9324;

	/**
	 * Where the demo leaves its Kafka broker's address (the embedded KRaft broker takes a
	 * free port) for {@code scripts/produce-event}.
	 */
	static final Path KAFKA_ADDRESS = Path.of("target", "demo-kafka-bootstrap-servers");

	private DemoGateway() {
	}

	public static void main(String[] args) {
		WireMockServer falcon = standIn("falcon", DemoStandIns::falcon);
		WireMockServer legacy = standIn("legacy", DemoStandIns::legacy);
		// The demo is a process of its own: its SQS client finds these through the SDK's
		// default chain, as the
		// gateway's does in production. Tests never do this: their JVM's environment
		// carries the credentials.
		System.setProperty("aws.accessKeyId", "test");
		System.setProperty("aws.secretAccessKey", "test");
		EmbeddedSqs queue = EmbeddedSqs.startOn(QUEUE_PORT);
		String queueUrl = queue.createFifoQueue("legacy-events.fifo");
		Runtime.getRuntime().addShutdownHook(new Thread(queue::close, "queue-stop"));
		EmbeddedKafkaKraftBroker kafka = new EmbeddedKafkaKraftBroker(1, 2, "falcon.events");
		kafka.afterPropertiesSet();
		try {
			Files.writeString(KAFKA_ADDRESS, kafka.getBrokersAsString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		Runtime.getRuntime().addShutdownHook(new Thread(kafka::destroy, "kafka-stop"));
		SpringApplication application = new SpringApplication(AclGatewayApplication.class);
		application
			.setDefaultProperties(java.util.Map.of("aws.region", EmbeddedSqs.REGION, "acl.falcon.uri", falcon.baseUrl(),
					"acl.legacy.uri", legacy.baseUrl(), "acl.routing.debug-headers", "true", "acl.events.queue-url",
					queueUrl, "acl.sqs.endpoint", queue.endpoint().toString(), "acl.events.signing-secrets",
					DEMO_SECRET, "logging.structured.format.console", "", "acl.events.kafka.bootstrap-servers",
					kafka.getBrokersAsString(), "acl.events.kafka.state.create-topics", "true"));
		application.addListeners((ApplicationListener<ApplicationReadyEvent>) event -> printHowToTry());
		application.run(args);
	}

	private static WireMockServer standIn(String name, Consumer<WireMockServer> answers) {
		WireMockServer server = new WireMockServer(options().dynamicPort());
		server.start();
		answers.accept(server);
		Runtime.getRuntime().addShutdownHook(new Thread(server::stop, name + "-stand-in-stop"));
		return server;
	}

	private static void printHowToTry() {
		System.out.println(
				"""

						acl-gateway demo is up: public port 8080, management port 8081.
						Try (see README.md):
						  curl -i -A 'ChatWork-iOS/3.2 CFNetwork/1240.0.4 Darwin/20.6.0' http://localhost:8080/v1/rooms     # old app -> legacy
						  curl -i -A 'ChatWork/5.3.1 (iOS 17.4.1; iPhone15,2)' http://localhost:8080/v1/rooms             # new app -> falcon
						  curl -s http://localhost:8081/actuator/routing                                                   # rules in force
						  curl -s http://localhost:8081/actuator/shadow                                                    # shadow reads: Falcon vs legacy
						Edit config/routing.yml (for example 'mode: legacy-only') and the next request follows it.

						Events: scripts/post-event.sh posts a signed falcon.message.posted.v1, scripts/produce-event writes one to
						Falcon's event log (the embedded Kafka); read the legacy message with
						  scripts/read-queue.sh            # body, group id, deduplication id, attributes (--delete removes them)
						""");
	}

}
