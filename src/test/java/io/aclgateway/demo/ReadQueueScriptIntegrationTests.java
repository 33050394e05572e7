package io.aclgateway.demo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.aclgateway.testing.EmbeddedSqs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * scripts/read-queue.sh, the README's way to read the demo's legacy queue with only curl,
 * against a real ElasticMQ holding messages shaped as the gateway sends them.
 */
class ReadQueueScriptIntegrationTests {

	private static final String BODY = """
			{"cmd":"chat_add","ver":1,"rid":42,"body":"Tom & Jerry say \\"<hi>\\""}""";

	/**
	 * FIFO queues drop a second message with the same deduplication id for 5 minutes: one
	 * per test.
	 */
	private static final AtomicInteger ids = new AtomicInteger();

	private static EmbeddedSqs sqs;

	private static SqsClient client;

	private static String queueUrl;

	@BeforeAll
	static void startQueue() {
		sqs = EmbeddedSqs.start();
		queueUrl = sqs.createFifoQueue("legacy-events.fifo");
		client = SqsClient.builder()
			.endpointOverride(sqs.endpoint())
			.region(Region.of(EmbeddedSqs.REGION))
			.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
			.build();
	}

	@AfterAll
	static void stopQueue() {
		client.close();
		sqs.close();
	}

	@BeforeEach
	void emptyQueue() {
		sqs.purge(queueUrl);
	}

	@Test
	void printsBodyGroupIdDeduplicationIdAndAttributesAndLeavesTheMessagesOnTheQueue() throws Exception {
		String first = nextId();
		String second = nextId();
		send(BODY, "42", first, "chat_add");
		send("{\"cmd\":\"chat_read\"}", "43", second, "chat_read");

		Result read = readQueue(queueUrl);
		Result again = readQueue(queueUrl);

		assertThat(read.exitCode()).as(read.output()).isZero();
		assertThat(read.output()).contains("message 1", "message 2")
			.contains("  body:              " + BODY + "\n")
			.contains("  group id:          42\n", "  deduplication id:  " + first + "\n")
			.contains("  group id:          43\n", "  deduplication id:  " + second + "\n")
			.containsPattern("attributes: +(cmd=chat_add, eid=" + first + "|eid=" + first + ", cmd=chat_add)\n")
			.contains("SentTimestamp=")
			.contains("2 message(s) left on " + queueUrl);
		assertThat(again.output()).as(again.output()).contains("message 2", "2 message(s) left");
	}

	@Test
	void deleteRemovesWhatWasPrinted() throws Exception {
		String id = nextId();
		send(BODY, "42", id, "chat_add");

		Result read = readQueue(queueUrl, "--delete");
		Result after = readQueue(queueUrl);

		assertThat(read.output()).as(read.output()).contains("deduplication id:  " + id, "1 message(s) deleted");
		assertThat(after.exitCode()).isZero();
		assertThat(after.output()).isEqualTo("no message on " + queueUrl + "\n");
	}

	@Test
	void anUnknownQueueIsAnErrorThatSaysSo() throws Exception {
		Result result = readQueue(sqs.endpoint() + "/000000000000/no-such-queue.fifo");

		assertThat(result.exitCode()).isEqualTo(1);
		assertThat(result.output()).contains("answered HTTP 400", "The specified queue does not exist");
	}

	private static String nextId() {
		return "demo-" + ids.incrementAndGet();
	}

	private void send(String body, String groupId, String deduplicationId, String command) {
		client.sendMessage(request -> request.queueUrl(queueUrl)
			.messageBody(body)
			.messageGroupId(groupId)
			.messageDeduplicationId(deduplicationId)
			.messageAttributes(Map.of("cmd", string(command), "eid", string(deduplicationId))));
	}

	private static MessageAttributeValue string(String value) {
		return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
	}

	/**
	 * Runs the script from the project's directory (the tests' working directory), as the
	 * README does.
	 */
	private static Result readQueue(String... args) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(List.of("bash", "scripts/read-queue.sh"));
		command.addAll(List.of(args));
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		boolean exited = process.waitFor(60, TimeUnit.SECONDS);
		if (!exited) {
			process.destroyForcibly();
		}
		assertThat(exited).as("read-queue.sh finished within 60 s").isTrue();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		return new Result(process.exitValue(), output);
	}

	private record Result(int exitCode, String output) {
	}

}
