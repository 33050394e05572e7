package io.aclgateway.relay.intake;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.sqs.model.Message;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.web.server.LocalServerPort;

import io.aclgateway.testing.EmbeddedSqs;
import io.aclgateway.testing.GatewayIntegrationTest;
import io.aclgateway.testing.SignedEvents;
import io.aclgateway.testing.StandIns;

import static io.aclgateway.testing.SignedEvents.BATCH;
import static io.aclgateway.testing.SignedEvents.SINGLE;
import static io.aclgateway.testing.SignedEvents.messagePosted;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code POST /events} end to end: real HTTP in, a real FIFO queue (ElasticMQ) out. Every
 * row of events.md 1.3.
 */
@GatewayIntegrationTest(upstreams = {}, queues = { "legacy-events.fifo", "legacy-reads" },
		properties = { "acl.events.signing-secrets=" + SignedEvents.SECRET + "," + SignedEvents.ROTATED_SECRET,
				// A per-command override, to a standard (not FIFO) queue.
				"acl.events.queues.chat_read=${stand-ins.queue-url.legacy-reads}", "acl.events.retry-after=7s",
				// Small enough that one room of a thousand members exceeds it, to test
				// message_too_large.
				"acl.events.max-message-bytes=32768" })
class EventsIntegrationTests {

	/** A per-command override, and a standard (not FIFO) queue. */

	@LocalServerPort
	int port;

	private final JsonMapper json = JsonMapper.builder().build();

	private SignedEvents falcon;

	private final EmbeddedSqs sqs;

	private final String queueUrl;

	private final String readsUrl;

	EventsIntegrationTests(StandIns standIns) {
		this.sqs = standIns.sqs();
		this.queueUrl = standIns.queueUrl();
		this.readsUrl = standIns.queueUrl("legacy-reads");
	}

	@BeforeEach
	void emptyQueue() {
		falcon = new SignedEvents(port);
		sqs.purge(queueUrl);
	}

	@Test
	void acceptsASignedEventOnlyAfterItsLegacyMessageIsOnTheQueue() throws Exception {
		HttpResponse<String> response = falcon.post(SINGLE, messagePosted("evt-1", 42, 9001, "hello"));

		assertThat(response.statusCode()).isEqualTo(202);
		assertThat(json.readTree(response.body())).isEqualTo(json
			.readTree("{\"accepted\":1,\"results\":[{\"id\":\"evt-1\",\"status\":\"accepted\",\"messages\":1}]}"));
		List<Message> messages = sqs.drain(queueUrl);
		assertThat(messages).hasSize(1);
		Message message = messages.get(0);
		assertThat(message.body()).isEqualTo("{\"cmd\":\"chat_add\",\"ver\":1,\"eid\":\"evt-1\",\"src\":\"falcon\","
				+ "\"ts\":1795600800,\"rid\":42,\"aid\":7,\"mid\":9001,\"body\":\"hello\"}");
		assertThat(message.messageAttributes().get("cmd").stringValue()).isEqualTo("chat_add");
		assertThat(message.messageAttributes().get("eid").stringValue()).isEqualTo("evt-1");
		assertThat(message.messageAttributes()).doesNotContainKey("traceparent");
		assertThat(message.attributesAsStrings()).containsEntry("MessageGroupId", "42")
			.containsEntry("MessageDeduplicationId", "evt-1");
	}

	@Test
	void acceptsASignatureMadeWithEitherOfTwoSecretsDuringRotation() throws Exception {
		HttpResponse<String> response = falcon.post(SINGLE, messagePosted("evt-rotated", 1, 1, "x"),
				SignedEvents.ROTATED_SECRET, Instant.now().getEpochSecond());

		assertThat(response.statusCode()).isEqualTo(202);
		assertThat(sqs.drain(queueUrl)).hasSize(1);
	}

	@Test
	void sendsACommandWithAQueueOfItsOwnThereAndWithoutFifoIdsToAStandardQueue() throws Exception {
		String read = """
				{"specversion":"1.0","id":"read-1","source":"/falcon/write-api","type":"falcon.read.advanced.v1",
				 "time":"2026-11-25T10:00:00Z","data":{"roomId":"5","accountId":"7","lastReadMessageId":"99"}}""";
		String batch = "[" + messagePosted("post-1", 5, 98, "x") + "," + read + "]";

		assertThat(falcon.post(BATCH, batch).statusCode()).isEqualTo(202);

		assertThat(sqs.drain(queueUrl)).extracting(Message::body)
			.singleElement()
			.asString()
			.contains("\"cmd\":\"chat_add\"");
		List<Message> reads = sqs.drain(readsUrl);
		assertThat(reads).extracting(Message::body)
			.singleElement()
			.asString()
			.isEqualTo("{\"cmd\":\"chat_read\",\"ver\":1,\"eid\":\"read-1\",\"src\":\"falcon\",\"ts\":1795600800,"
					+ "\"rid\":5,\"aid\":7,\"mid\":99}");
		assertThat(reads.get(0).attributesAsStrings()).doesNotContainKeys("MessageGroupId", "MessageDeduplicationId");
	}

	@Test
	void keepsTheRequestsOrderPerRoomWhenABatchInterleavesRooms() throws Exception {
		List<String> events = new ArrayList<>();
		for (int i = 0; i < 60; i++) {
			long room = 100 + (i % 3);
			events.add(messagePosted("order-" + i, room, i + 1, "n" + i));
		}

		HttpResponse<String> response = falcon.post(BATCH, "[" + String.join(",", events) + "]");

		assertThat(response.statusCode()).isEqualTo(202);
		Map<String, List<Long>> byRoom = new LinkedHashMap<>();
		for (Message message : sqs.drain(queueUrl)) {
			JsonNode body = json.readTree(message.body());
			byRoom.computeIfAbsent(body.get("rid").asString(), room -> new ArrayList<>()).add(body.get("mid").asLong());
		}
		assertThat(byRoom).hasSize(3);
		byRoom.values().forEach(mids -> assertThat(mids).hasSize(20).isSorted());
	}

	@Test
	void aResentRequestAddsNothingToTheFifoQueue() throws Exception {
		String batch = "[" + messagePosted("dup-1", 5, 1, "a") + "," + messagePosted("dup-2", 5, 2, "b") + "]";

		assertThat(falcon.post(BATCH, batch).statusCode()).isEqualTo(202);
		assertThat(falcon.post(BATCH, batch).statusCode()).isEqualTo(202);

		assertThat(sqs.drain(queueUrl)).extracting(Message::body)
			.hasSize(2)
			.allSatisfy(body -> assertThat(body).contains("\"rid\":5"));
	}

	@Test
	void rejectsWithoutSendingWhenTheBodyIsNotJson() throws Exception {
		assertProblem(falcon.post(SINGLE, "{not json"), 400, "invalid_json");
	}

	@Test
	void rejectsAnEmptyBodyAsNotACloudEvent() throws Exception {
		assertProblem(falcon.post(SINGLE, ""), 400, "invalid_cloudevent");
		assertProblem(falcon.post(BATCH, " \r\n"), 400, "invalid_cloudevent");
	}

	@Test
	void rejectsWithoutSendingWhenASingleEventIsNotAnObject() throws Exception {
		assertProblem(falcon.post(SINGLE, "[" + messagePosted("a", 1, 1, "x") + "]"), 400, "invalid_cloudevent");
	}

	@Test
	void rejectsWithoutSendingAnEmptyBatchAndOneOverAHundred() throws Exception {
		assertProblem(falcon.post(BATCH, "[]"), 400, "batch_size");
		String tooMany = IntStream.range(0, 101)
			.mapToObj(i -> messagePosted("big-" + i, 1, i + 1, "x"))
			.collect(Collectors.joining(",", "[", "]"));
		assertProblem(falcon.post(BATCH, tooMany), 400, "batch_size");
	}

	@Test
	void acceptsABatchOfExactlyAHundred() throws Exception {
		String hundred = IntStream.range(0, 100)
			.mapToObj(i -> messagePosted("full-" + i, 1 + i % 7, i + 1, "x"))
			.collect(Collectors.joining(",", "[", "]"));

		assertThat(falcon.post(BATCH, hundred).statusCode()).isEqualTo(202);
		assertThat(sqs.drain(queueUrl)).hasSize(100);
	}

	@Test
	void rejectsWithoutSendingABatchWithTwoEventsOfTheSameId() throws Exception {
		String batch = "[" + messagePosted("same", 1, 1, "x") + "," + messagePosted("same", 2, 2, "y") + "]";

		assertProblem(falcon.post(BATCH, batch), 400, "duplicate_id");
	}

	@Test
	void rejectsUnsignedRequestsWithoutSayingWhichPartFailed() throws Exception {
		HttpResponse<String> response = falcon.send(HttpRequest.newBuilder(falcon.uri())
			.header("Content-Type", SINGLE)
			.POST(HttpRequest.BodyPublishers.ofString(messagePosted("u", 1, 1, "x"))));

		assertProblem(response, 401, "unauthenticated");
		assertThat(response.body()).doesNotContainIgnoringCase("signature").doesNotContainIgnoringCase("timestamp");
	}

	@Test
	void rejectsASignatureByAnUnknownSecret() throws Exception {
		assertProblem(falcon.post(SINGLE, messagePosted("w", 1, 1, "x"), "whsec_" + "A".repeat(32),
				Instant.now().getEpochSecond()), 401, "unauthenticated");
	}

	@ParameterizedTest
	@ValueSource(longs = { -310, 310, -86_400 })
	void rejectsATimestampOutsideFiveMinutes(long offsetSeconds) throws Exception {
		assertProblem(falcon.post(SINGLE, messagePosted("t", 1, 1, "x"), SignedEvents.SECRET,
				Instant.now().getEpochSecond() + offsetSeconds), 401, "unauthenticated");
	}

	@Test
	void rejectsABodyChangedAfterSigning() throws Exception {
		String signed = messagePosted("tamper", 1, 1, "x");
		long now = Instant.now().getEpochSecond();
		String signature = new com.standardwebhooks.Webhook(SignedEvents.SECRET).sign("m-1", now, signed);

		HttpResponse<String> response = falcon.send(HttpRequest.newBuilder(falcon.uri())
			.header("Content-Type", SINGLE)
			.header("webhook-id", "m-1")
			.header("webhook-timestamp", Long.toString(now))
			.header("webhook-signature", signature)
			.POST(HttpRequest.BodyPublishers.ofString(signed.replace("\"x\"", "\"y\""))));

		assertProblem(response, 401, "unauthenticated");
	}

	@Test
	void rejectsABodyOverTheLimitByItsContentLength() throws Exception {
		String huge = messagePosted("h", 1, 1, "x".repeat(5 * 1024 * 1024));

		assertProblem(falcon.post(SINGLE, huge), 413, "request_too_large");
	}

	@Test
	void rejectsAChunkedBodyOverTheLimitByTheBytesActuallyRead() throws Exception {
		byte[] chunk = "x".repeat(64 * 1024).getBytes(StandardCharsets.US_ASCII);
		String answer;
		try (Socket socket = new Socket("localhost", port)) {
			socket.setSoTimeout(10_000);
			OutputStream out = socket.getOutputStream();
			out.write(("POST /events HTTP/1.1\r\nHost: localhost\r\nContent-Type: " + SINGLE
					+ "\r\nTransfer-Encoding: chunked\r\nwebhook-id: c\r\nwebhook-timestamp: 1\r\n"
					+ "webhook-signature: v1,AAAA\r\n\r\n")
				.getBytes(StandardCharsets.US_ASCII));
			try {
				for (int i = 0; i < 100; i++) {
					out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
					out.write(chunk);
					out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
				}
				out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
				out.flush();
			}
			catch (IOException closedByServer) {
				// The gateway may answer and close before the client has written
				// everything.
			}
			answer = readAnswer(socket.getInputStream());
		}

		assertThat(answer).startsWith("HTTP/1.1 413").contains("request_too_large");
		assertThat(sqs.drain(queueUrl)).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "application/json", "text/plain", "application/cloudevents+xml" })
	void rejectsOtherContentTypes(String contentType) throws Exception {
		assertProblem(falcon.post(contentType, messagePosted("ct", 1, 1, "x")), 415, "unsupported_media_type");
	}

	@Test
	void rejectsTheWholeBatchListingEveryInvalidEventWhenAnyIsInvalid() throws Exception {
		String batch = "[" + messagePosted("ok-1", 1, 1, "x") + ","
				+ messagePosted("bad-id", 1, 1, "x").replace("\"roomId\":\"1\"", "\"roomId\":\"01\"") + ","
				+ messagePosted("bad-type", 1, 1, "x").replace("message.posted", "message.shouted") + "]";

		HttpResponse<String> response = falcon.post(BATCH, batch);

		assertProblem(response, 422, "invalid_events");
		JsonNode errors = json.readTree(response.body()).get("errors");
		assertThat(errors).hasSize(2);
		assertThat(errors.get(0).get("index").asInt()).isEqualTo(1);
		assertThat(errors.get(0).get("id").asString()).isEqualTo("bad-id");
		assertThat(errors.get(0).get("code").asString()).isEqualTo("invalid_id");
		assertThat(errors.get(1).get("index").asInt()).isEqualTo(2);
		assertThat(errors.get(1).get("code").asString()).isEqualTo("unknown_type");
	}

	@Test
	void rejectsAnEventWhoseLegacyMessageWouldBeTooLarge() throws Exception {
		String event = """
				{"specversion":"1.0","id":"wide","source":"/falcon/write-api","type":"falcon.room.created.v1",
				 "time":"2026-11-25T10:00:00Z","data":{"roomId":"1","kind":"group","name":"n","creatorId":"2",
				 "description":"%s","members":[%s]}}""".formatted("d".repeat(4000),
				IntStream.range(0, 1000)
					.mapToObj(i -> "{\"accountId\":\"" + (9_000_000_000_000_000_000L + i) + "\",\"role\":\"member\"}")
					.collect(Collectors.joining(",")));
		// 1,000 members of 19-digit ids fit the event's limits but not a 32 KiB legacy
		// message.
		HttpResponse<String> response = falcon.post(BATCH, "[" + messagePosted("fine", 1, 1, "x") + "," + event + "]");

		assertProblem(response, 422, "invalid_events");
		JsonNode error = json.readTree(response.body()).get("errors").get(0);
		assertThat(error.get("index").asInt()).isEqualTo(1);
		assertThat(error.get("code").asString()).isEqualTo("message_too_large");
	}

	/**
	 * Reads until the problem's code has arrived or the server closes; the connection may
	 * stay open.
	 */
	private static String readAnswer(InputStream in) throws IOException {
		StringBuilder answer = new StringBuilder();
		byte[] buffer = new byte[1024];
		int read;
		while (!answer.toString().contains("\"code\"") || !answer.toString().endsWith("}")) {
			read = in.read(buffer);
			if (read < 0) {
				break;
			}
			answer.append(new String(buffer, 0, read, StandardCharsets.ISO_8859_1));
		}
		return answer.toString();
	}

	private void assertProblem(HttpResponse<String> response, int status, String code) throws Exception {
		assertThat(response.statusCode()).isEqualTo(status);
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
		JsonNode problem = json.readTree(response.body());
		assertThat(problem.get("code").asString()).isEqualTo(code);
		assertThat(problem.get("status").asInt()).isEqualTo(status);
		assertThat(problem.has("type") && problem.has("title") && problem.has("detail")).isTrue();
		assertThat(sqs.drain(queueUrl)).as("nothing may reach the queue").isEmpty();
	}

}
