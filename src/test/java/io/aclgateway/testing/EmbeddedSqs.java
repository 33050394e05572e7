package io.aclgateway.testing;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * An ElasticMQ server on loopback, the real SQS-compatible queue of our tests and demo,
 * with a plain SDK client to create queues and read what the gateway put on them.
 */
public final class EmbeddedSqs implements AutoCloseable {

	/**
	 * Region and credentials the gateway picks up through the SDK's default chain in
	 * tests.
	 */
	public static final String REGION = "us-east-1";

	private final int port;

	private SQSRestServer server;

	private final SqsClient client;

	private EmbeddedSqs(int port) {
		this.server = start(port);
		this.port = server.waitUntilStarted().localAddress().getPort();
		this.client = SqsClient.builder()
			.endpointOverride(endpoint())
			.region(Region.of(REGION))
			.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
			.build();
	}

	/** Starts on a free port. */
	public static EmbeddedSqs start() {
		return new EmbeddedSqs(0);
	}

	/** Starts on the given port (the demo's 9324). */
	public static EmbeddedSqs startOn(int port) {
		return new EmbeddedSqs(port);
	}

	private static SQSRestServer start(int port) {
		return SQSRestServerBuilder.withPort(port).withInterface("127.0.0.1").start();
	}

	public URI endpoint() {
		return URI.create("http://127.0.0.1:" + port);
	}

	/**
	 * Creates (or finds) a FIFO queue with explicit deduplication ids, as the legacy
	 * queue is.
	 */
	public String createFifoQueue(String name) {
		return client
			.createQueue(request -> request.queueName(name)
				.attributes(Map.of(QueueAttributeName.FIFO_QUEUE, "true",
						QueueAttributeName.CONTENT_BASED_DEDUPLICATION, "false")))
			.queueUrl();
	}

	public String createStandardQueue(String name) {
		return client.createQueue(request -> request.queueName(name)).queueUrl();
	}

	/** Every message now on the queue, in delivery order; each is deleted once read. */
	public List<Message> drain(String queueUrl) {
		List<Message> all = new ArrayList<>();
		while (true) {
			List<Message> batch = client.receiveMessage(request -> request.queueUrl(queueUrl)
				.maxNumberOfMessages(10)
				.waitTimeSeconds(0)
				.messageAttributeNames("All")
				.messageSystemAttributeNames(software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName.ALL))
				.messages();
			if (batch.isEmpty()) {
				return all;
			}
			all.addAll(batch);
			for (Message message : batch) {
				client.deleteMessage(request -> request.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
			}
		}
	}

	/** Removes every message, so each test starts from an empty queue. */
	public void purge(String queueUrl) {
		drain(queueUrl);
	}

	/**
	 * Stops the server (the queue is down); {@link #restart()} brings it back on the same
	 * port, empty.
	 */
	public void stop() {
		server.stopAndWait();
	}

	public void restart() {
		server = start(port);
		server.waitUntilStarted();
	}

	@Override
	public void close() {
		client.close();
		server.stopAndWait();
	}

}
