package io.aclgateway.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import org.jspecify.annotations.Nullable;

import org.springframework.util.FileSystemUtils;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

/**
 * What the gateway talks to in an integration test, started for one test class by
 * {@link GatewayIntegrationTest}: WireMock in place of Falcon and legacy, an embedded
 * ElasticMQ, the routing file, and the properties that point the gateway at them.
 */
public final class StandIns implements AutoCloseable {

	/** An address nothing listens on, for upstreams a test never reaches. */
	public static final String NOWHERE = "http://127.0.0.1:1";

	/**
	 * The region the gateway's SQS client is given; the credentials come from the test
	 * JVM's environment.
	 */
	static final String REGION = EmbeddedSqs.REGION;

	/** The upstreams a WireMock can stand in for. */
	public enum Upstream {

		FALCON, LEGACY

	}

	private final @Nullable WireMockServer falcon;

	private final @Nullable WireMockServer legacy;

	private final @Nullable EmbeddedSqs sqs;

	private final Map<String, String> queueUrls = new LinkedHashMap<>();

	private final Path directory;

	private final Path routingFile;

	private boolean closed;

	private StandIns(List<Upstream> upstreams, List<String> queues, String routing) {
		this.falcon = upstreams.contains(Upstream.FALCON) ? wireMock() : null;
		this.legacy = upstreams.contains(Upstream.LEGACY) ? wireMock() : null;
		EmbeddedSqs elasticMq = queues.isEmpty() ? null : EmbeddedSqs.start();
		for (String queue : queues) {
			queueUrls.put(queue,
					queue.endsWith(".fifo") ? elasticMq.createFifoQueue(queue) : elasticMq.createStandardQueue(queue));
		}
		this.sqs = elasticMq;
		try {
			this.directory = Files.createTempDirectory("gateway-it");
			this.routingFile = Files.writeString(directory.resolve("routing.yml"), routing);
		}
		catch (IOException ex) {
			close();
			throw new UncheckedIOException(ex);
		}
	}

	static StandIns start(GatewayIntegrationTest test) {
		return new StandIns(Arrays.asList(test.upstreams()), Arrays.asList(test.queues()), test.routing());
	}

	/**
	 * Enough server threads for the tests that hold many upstream requests open at once.
	 */
	private static WireMockServer wireMock() {
		WireMockServer server = new WireMockServer(wireMockConfig().dynamicPort().containerThreads(40));
		server.start();
		return server;
	}

	/** The gateway's properties that point at the stand-ins. */
	Map<String, Object> properties() {
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("management.server.port", "0");
		properties.put("acl.routing.file", routingFile.toString());
		properties.put("acl.falcon.uri", (falcon != null) ? falcon.baseUrl() : NOWHERE);
		properties.put("acl.legacy.uri", (legacy != null) ? legacy.baseUrl() : NOWHERE);
		// Read by the gateway's SQS client configuration, as an operator would set it.
		properties.put("aws.region", REGION);
		if (sqs != null) {
			properties.put("acl.events.queue-url", queueUrls.values().iterator().next());
			properties.put("acl.sqs.endpoint", sqs.endpoint().toString());
			properties.put("acl.events.signing-secrets", SignedEvents.SECRET);
			queueUrls.forEach((name, url) -> properties.put("stand-ins.queue-url." + name, url));
		}
		return properties;
	}

	/** Forgets the stubs and the requests received, as before each test. */
	void reset() {
		if (falcon != null) {
			falcon.resetAll();
		}
		if (legacy != null) {
			legacy.resetAll();
		}
	}

	public WireMockServer falcon() {
		return required(falcon, "falcon: add Upstream.FALCON to @GatewayIntegrationTest(upstreams)");
	}

	public WireMockServer legacy() {
		return required(legacy, "legacy: add Upstream.LEGACY to @GatewayIntegrationTest(upstreams)");
	}

	public EmbeddedSqs sqs() {
		return required(sqs, "no queue: name one in @GatewayIntegrationTest(queues)");
	}

	/**
	 * The URL of the events queue, the first of {@link GatewayIntegrationTest#queues()}.
	 */
	public String queueUrl() {
		return queueUrl(queueUrls.keySet().iterator().next());
	}

	public String queueUrl(String name) {
		return required(queueUrls.get(name), "no queue " + name + " in @GatewayIntegrationTest(queues)");
	}

	/** The routing file the gateway watches; a test may rewrite it. */
	public Path routingFile() {
		return routingFile;
	}

	private static <T> T required(@Nullable T standIn, String missing) {
		if (standIn == null) {
			throw new IllegalStateException(missing);
		}
		return standIn;
	}

	/**
	 * Stops everything; again is a no-op (after the class, and when the cached context
	 * closes).
	 */
	@Override
	public synchronized void close() {
		if (closed) {
			return;
		}
		closed = true;
		if (falcon != null) {
			falcon.stop();
		}
		if (legacy != null) {
			legacy.stop();
		}
		if (sqs != null) {
			sqs.close();
		}
		if (directory != null) {
			try {
				FileSystemUtils.deleteRecursively(directory);
			}
			catch (IOException ex) {
				// A temporary directory left behind is harmless.
			}
		}
	}

}
