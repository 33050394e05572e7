package io.aclgateway.relay.delivery.sqs;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.Message;

import io.aclgateway.relay.delivery.DeliveryReport;
import io.aclgateway.testing.EmbeddedSqs;
import io.aclgateway.relay.translation.LegacyMessage;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sender against a real queue (ElasticMQ), without the app: a task.created with 100
 * assignees in one room, which on a FIFO queue goes one message per call (a room never
 * has two messages in flight), arrives whole and in order, next to a hundred messages
 * over ten rooms that share calls.
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
	void sendsAHundredMessagesOfOneRoomWholeAndInOrder() {
		assertDeliveredInOrder(taskAdded("one-room", 100, n -> 42L));
	}

	@Test
	void sendsAHundredMessagesOverTenRoomsWholeAndInOrderPerRoom() {
		assertDeliveredInOrder(taskAdded("ten-rooms", 100, n -> 100L + n % 10));
	}

	private static void assertDeliveredInOrder(List<LegacyMessage> messages) {
		SqsLegacyMessageSender sender = new SqsLegacyMessageSender(client, new QueueRouting(QUEUE, Map.of()),
				new SqsLegacyMessageSender.Retries(3, Duration.ofMillis(50), Duration.ofMillis(500)));

		DeliveryReport report = sender.send(messages).block(Duration.ofSeconds(60));

		assertThat(report.allAcknowledged()).isTrue();
		Map<Long, List<String>> sentByRoom = new TreeMap<>();
		messages.forEach(
				message -> sentByRoom.computeIfAbsent(message.roomId(), room -> new ArrayList<>()).add(message.body()));
		Map<Long, List<String>> onQueueByRoom = new TreeMap<>();
		for (Message message : sqs.drain(QUEUE)) {
			onQueueByRoom
				.computeIfAbsent(Long.parseLong(message.attributesAsStrings().get("MessageGroupId")),
						room -> new ArrayList<>())
				.add(message.body());
		}
		assertThat(onQueueByRoom).isEqualTo(sentByRoom);
	}

	private static List<LegacyMessage> taskAdded(String id, int assignees, java.util.function.IntToLongFunction room) {
		List<LegacyMessage> messages = new ArrayList<>();
		IntStream.rangeClosed(1, assignees)
			.forEach(n -> messages.add(new LegacyMessage("task_add", id + "#" + n, room.applyAsLong(n),
					"{\"cmd\":\"task_add\",\"eid\":\"" + id + "#" + n + "\",\"to_aid\":" + n + "}",
					Map.of("cmd", "task_add", "eid", id + "#" + n))));
		return messages;
	}

}
