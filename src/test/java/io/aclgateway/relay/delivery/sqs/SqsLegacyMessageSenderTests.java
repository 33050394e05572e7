package io.aclgateway.relay.delivery.sqs;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.Message;

import io.aclgateway.relay.delivery.DeliveryReport;
import io.aclgateway.relay.delivery.QueueRouting;
import io.aclgateway.testing.EmbeddedSqs;
import io.aclgateway.relay.translation.LegacyMessage;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sender against a real queue (ElasticMQ), without the app: what one room's hundred messages
 * (a task.created with 100 assignees) cost now that a room has one message in flight at a time,
 * next to a hundred over ten rooms (ten full batches). The wall times are printed (target/surefire-reports/*-output.txt) for docs/decisions.md.
 */
class SqsLegacyMessageSenderTests {

	static final EmbeddedSqs sqs = EmbeddedSqs.start();

	static final String QUEUE = sqs.createFifoQueue("one-room.fifo");

	static final SqsAsyncClient client = SqsAsyncClient.builder()
		.endpointOverride(sqs.endpoint())
		.region(Region.of(EmbeddedSqs.REGION))
		.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
		.build();

	@AfterAll
	static void stopQueue() {
		client.close();
		sqs.close();
	}

	@Test
	void sendsAHundredMessagesOfOneRoomInOrder() {
		long oneRoom = medianMillis(run -> taskAdded("t" + run, 100, n -> 42L));
		// The same hundred messages over ten rooms fill ten batches: the cost of one room before the fix.
		long tenRooms = medianMillis(run -> taskAdded("s" + run, 100, n -> 100L + n % 10));
		System.out.println("100 messages to ElasticMQ, after one warm-up: one room (100 calls) " + oneRoom
				+ " ms; ten rooms (10 calls) " + tenRooms + " ms");
	}

	private static long medianMillis(java.util.function.IntFunction<List<LegacyMessage>> delivery) {
		SqsLegacyMessageSender sender = new SqsLegacyMessageSender(client, new QueueRouting(QUEUE, Map.of()),
				new SqsLegacyMessageSender.Retries(3, Duration.ofMillis(50), Duration.ofMillis(500)));
		long[] millis = new long[2];
		for (int run = 0; run < millis.length; run++) {
			List<LegacyMessage> messages = delivery.apply(run);
			long start = System.nanoTime();
			DeliveryReport report = sender.send(messages).block(Duration.ofSeconds(60));
			millis[run] = (System.nanoTime() - start) / 1_000_000;

			assertThat(report.allAcknowledged()).isTrue();
			Map<Long, List<String>> sentByRoom = new java.util.TreeMap<>();
			messages.forEach(message -> sentByRoom.computeIfAbsent(message.roomId(), room -> new ArrayList<>()).add(message.body()));
			Map<Long, List<String>> onQueueByRoom = new java.util.TreeMap<>();
			for (Message message : sqs.drain(QUEUE)) {
				onQueueByRoom.computeIfAbsent(Long.parseLong(message.attributesAsStrings().get("MessageGroupId")),
						room -> new ArrayList<>()).add(message.body());
			}
			assertThat(onQueueByRoom).isEqualTo(sentByRoom);
		}
		long[] warm = Arrays.copyOfRange(millis, 1, millis.length);
		Arrays.sort(warm);
		return warm[warm.length / 2];
	}

	private static List<LegacyMessage> taskAdded(String id, int assignees, java.util.function.IntToLongFunction room) {
		List<LegacyMessage> messages = new ArrayList<>();
		IntStream.rangeClosed(1, assignees).forEach(n -> messages.add(new LegacyMessage("task_add", id + "#" + n, room.applyAsLong(n),
				"{\"cmd\":\"task_add\",\"eid\":\"" + id + "#" + n + "\",\"to_aid\":" + n + "}",
				Map.of("cmd", "task_add", "eid", id + "#" + n))));
		return messages;
	}

}
