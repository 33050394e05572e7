package io.aclgateway.relay.delivery.sqs;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReferenceArray;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

import io.aclgateway.relay.delivery.DeliveryReport;
import io.aclgateway.relay.delivery.DeliveryReport.Outcome;
import io.aclgateway.relay.delivery.LegacyMessageSender;
import io.aclgateway.relay.translation.LegacyMessage;
import io.aclgateway.support.TraceLogging;

/**
 * Sends legacy messages with {@code SendMessageBatch}. Per queue, each room's messages go
 * in the request's order, and on a FIFO queue a batch holds at most one message per room:
 * a room's next message is sent only once the queue has acknowledged the one before, so
 * that no two messages of a room are ever in flight with different fates (SQS reports
 * each entry of a batch on its own, and a later entry of a group may succeed where an
 * earlier one failed). A batch still carries up to ten rooms. Entries that fail without
 * being the sender's fault are retried alone, with jittered backoff, a few times; once a
 * room has a message that could not be sent, its later messages are not sent either, so
 * that a resend of the request restores the order.
 */
final class SqsLegacyMessageSender implements LegacyMessageSender {

	static final int MAX_BATCH_ENTRIES = 10;

	/**
	 * Codes by which SQS refuses a message for what it holds. Such a message never goes
	 * through, so it is reported as rejected rather than failed: resending it cannot
	 * help. Every other sender fault (a disabled KMS key, a missing permission, a missing
	 * queue) is an operator's to fix, and a resend after it is right.
	 */
	static final Set<String> UNACCEPTABLE_MESSAGE = Set.of("InvalidMessageContents", "InvalidParameterValue",
			"InvalidAttributeName", "InvalidAttributeValue", "MessageTooLong");

	private static final Logger logger = LoggerFactory.getLogger(SqsLegacyMessageSender.class);

	private final SqsAsyncClient sqs;

	private final QueueRouting queues;

	private final Retries retries;

	SqsLegacyMessageSender(SqsAsyncClient sqs, QueueRouting queues, Retries retries) {
		this.sqs = sqs;
		this.queues = queues;
		this.retries = retries;
	}

	/** How failed entries of a batch are retried. */
	record Retries(int maxAttempts, Duration firstBackoff, Duration maxBackoff) {
	}

	@Override
	public Mono<DeliveryReport> send(List<LegacyMessage> messages) {
		AtomicReferenceArray<Outcome> outcomes = new AtomicReferenceArray<>(messages.size());
		for (int i = 0; i < messages.size(); i++) {
			outcomes.set(i, Outcome.FAILED);
		}
		Map<String, List<Integer>> byQueue = new LinkedHashMap<>();
		for (int i = 0; i < messages.size(); i++) {
			byQueue.computeIfAbsent(queues.queueFor(messages.get(i).cmd()), url -> new ArrayList<>()).add(i);
		}
		return Flux.fromIterable(byQueue.entrySet())
			.flatMap(queue -> sendToQueue(queue.getKey(), queue.getValue(), messages, outcomes))
			.then(Mono.fromSupplier(() -> {
				List<Outcome> report = new ArrayList<>(messages.size());
				for (int i = 0; i < messages.size(); i++) {
					report.add(outcomes.get(i));
				}
				return DeliveryReport.of(messages, report);
			}));
	}

	/**
	 * Sends one queue's messages, room by room in order, and records each one's outcome.
	 */
	private Mono<Void> sendToQueue(String queueUrl, List<Integer> indexes, List<LegacyMessage> messages,
			AtomicReferenceArray<Outcome> outcomes) {
		boolean fifo = QueueRouting.isFifo(queueUrl);
		Rooms rooms = new Rooms(indexes, messages, fifo ? 1 : MAX_BATCH_ENTRIES);
		// After a call that failed as a whole (the SDK has retried it already) the queue
		// is taken to be
		// unreachable for this request: later batches are not tried, so the answer comes
		// quickly.
		AtomicBoolean unreachable = new AtomicBoolean();
		return Mono.defer(() -> {
			List<Integer> batch = rooms.nextBatch();
			if (batch.isEmpty()) {
				return Mono.<Void>empty();
			}
			return sendBatch(queueUrl, fifo, batch, messages, outcomes, unreachable)
				.then(Mono.fromRunnable(() -> rooms.settle(batch, outcomes)));
		}).repeat(() -> !unreachable.get() && rooms.hasPending()).then();
	}

	/**
	 * One batch, then its retryable failed entries again while retries last; records the
	 * outcomes.
	 */
	private Mono<Void> sendBatch(String queueUrl, boolean fifo, List<Integer> batch, List<LegacyMessage> messages,
			AtomicReferenceArray<Outcome> outcomes, AtomicBoolean unreachable) {
		List<Integer> pending = new ArrayList<>(batch);
		return Mono.defer(() -> call(queueUrl, fifo, pending, messages).flatMap(response -> {
			List<Integer> retryable = new ArrayList<>();
			for (var ok : response.successful()) {
				outcomes.set(pending.get(Integer.parseInt(ok.id())), Outcome.ACKNOWLEDGED);
			}
			Map<Integer, BatchResultErrorEntry> refused = new LinkedHashMap<>();
			for (BatchResultErrorEntry failed : response.failed()) {
				int index = pending.get(Integer.parseInt(failed.id()));
				refused.put(index, failed);
				if (!failed.senderFault()) {
					retryable.add(index);
				}
				else if (isUnacceptable(failed)) {
					outcomes.set(index, Outcome.REJECTED);
				}
			}
			pending.clear();
			pending.addAll(retryable);
			return TraceLogging.write(() -> refused.forEach((index, failed) -> log(messages.get(index), failed)))
				.then(pending.isEmpty() ? Mono.<Void>empty() : Mono.error(new EntriesFailed(pending.size())));
		}))
			.retryWhen(Retry.backoff(retries.maxAttempts() - 1, retries.firstBackoff())
				.maxBackoff(retries.maxBackoff())
				.jitter(0.5)
				.filter(EntriesFailed.class::isInstance))
			.onErrorResume(ex -> {
				if (!(ex instanceof EntriesFailed) && !(ex.getCause() instanceof EntriesFailed)) {
					unreachable.set(true);
					return TraceLogging
						.write(() -> logger.warn("SendMessageBatch to {} failed: {}", queueUrl, ex.toString()));
				}
				return Mono.empty();
			});
	}

	static boolean isUnacceptable(BatchResultErrorEntry failed) {
		String code = (failed.code() != null) ? failed.code() : "";
		return failed.senderFault()
				&& UNACCEPTABLE_MESSAGE.contains(code.replaceFirst("^AWS\\.SimpleQueueService\\.", ""));
	}

	private static void log(LegacyMessage message, BatchResultErrorEntry failed) {
		if (!failed.senderFault()) {
			logger.warn("Queue refused message {} (will retry): {} {}", message.eid(), failed.code(), failed.message());
		}
		else if (isUnacceptable(failed)) {
			logger.error(
					"Queue refused message {} for its content (rejected_by_queue, not retried; the room's later "
							+ "messages are held back): {} {}. The gateway's own validation should have caught it.",
					message.eid(), failed.code(), failed.message());
		}
		else {
			logger.error(
					"Queue refused message {} (queue_sender_fault, not retried; an operator must fix the queue "
							+ "or its permissions, then resends succeed): {} {}",
					message.eid(), failed.code(), failed.message());
		}
	}

	/**
	 * The messages of one queue still to send, per room in the request's order. A batch
	 * takes the first messages of up to ten rooms, at most {@code perRoom} of each.
	 */
	private static final class Rooms {

		private final Map<Long, ArrayDeque<Integer>> pending = new LinkedHashMap<>();

		private final List<LegacyMessage> messages;

		private final int perRoom;

		Rooms(List<Integer> indexes, List<LegacyMessage> messages, int perRoom) {
			this.messages = messages;
			this.perRoom = perRoom;
			for (int index : indexes) {
				pending.computeIfAbsent(messages.get(index).roomId(), room -> new ArrayDeque<>()).add(index);
			}
		}

		synchronized boolean hasPending() {
			return !pending.isEmpty();
		}

		synchronized List<Integer> nextBatch() {
			List<Integer> batch = new ArrayList<>(MAX_BATCH_ENTRIES);
			for (ArrayDeque<Integer> room : pending.values()) {
				var next = room.iterator();
				for (int n = 0; n < perRoom && next.hasNext() && batch.size() < MAX_BATCH_ENTRIES; n++) {
					batch.add(next.next());
				}
				if (batch.size() == MAX_BATCH_ENTRIES) {
					break;
				}
			}
			return batch;
		}

		/**
		 * Takes the batch's acknowledged messages off their rooms. A room with a message
		 * that was not acknowledged sends nothing more: its later messages are held
		 * (after a rejection) or failed.
		 */
		synchronized void settle(List<Integer> batch, AtomicReferenceArray<Outcome> outcomes) {
			for (int index : batch) {
				long roomId = messages.get(index).roomId();
				ArrayDeque<Integer> room = pending.get(roomId);
				if (room == null) {
					continue;
				}
				Outcome outcome = outcomes.get(index);
				room.remove(index);
				if (outcome != Outcome.ACKNOWLEDGED) {
					for (int later : room) {
						// Later messages of the same batch (standard queues only) keep
						// what the queue said.
						if (outcome == Outcome.REJECTED && !batch.contains(later)) {
							outcomes.set(later, Outcome.HELD);
						}
					}
					room.clear();
				}
				if (room.isEmpty()) {
					pending.remove(roomId);
				}
			}
		}

	}

	private Mono<SendMessageBatchResponse> call(String queueUrl, boolean fifo, List<Integer> batch,
			List<LegacyMessage> messages) {
		List<SendMessageBatchRequestEntry> entries = new ArrayList<>(batch.size());
		for (int n = 0; n < batch.size(); n++) {
			LegacyMessage message = messages.get(batch.get(n));
			SendMessageBatchRequestEntry.Builder entry = SendMessageBatchRequestEntry.builder()
				.id(Integer.toString(n))
				.messageBody(message.body())
				.messageAttributes(SqsMessages.attributes(message));
			if (fifo) {
				entry.messageGroupId(SqsMessages.groupId(message))
					.messageDeduplicationId(SqsMessages.deduplicationId(message));
			}
			entries.add(entry.build());
		}
		return Mono.fromFuture(() -> sqs.sendMessageBatch(request -> request.queueUrl(queueUrl).entries(entries)));
	}

	/** Some entries of a batch failed in a way worth retrying. */
	private static final class EntriesFailed extends RuntimeException {

		EntriesFailed(int count) {
			super(count + " entries failed", null, false, false);
		}

	}

}
