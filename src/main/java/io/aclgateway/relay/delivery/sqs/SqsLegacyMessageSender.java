package io.aclgateway.relay.delivery.sqs;

import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

import io.aclgateway.relay.delivery.DeliveryReport;
import io.aclgateway.relay.delivery.LegacyMessageSender;
import io.aclgateway.relay.delivery.QueueRouting;
import io.aclgateway.relay.translation.LegacyMessage;
import io.aclgateway.support.TraceLogging;

/**
 * Sends legacy messages with {@code SendMessageBatch}, ten per call. Per queue, batches go one
 * after another in the request's order, so messages of a room keep their order on a FIFO queue.
 * Entries that fail without being the sender's fault are retried alone, with jittered backoff,
 * a few times; once a room has a message that could not be sent, its later messages are not
 * sent either, so that a resend of the request restores the order.
 */
public final class SqsLegacyMessageSender implements LegacyMessageSender {

	static final int MAX_BATCH_ENTRIES = 10;

	private static final Logger logger = LoggerFactory.getLogger(SqsLegacyMessageSender.class);

	private final SqsAsyncClient sqs;

	private final QueueRouting queues;

	private final Retries retries;

	public SqsLegacyMessageSender(SqsAsyncClient sqs, QueueRouting queues, Retries retries) {
		this.sqs = sqs;
		this.queues = queues;
		this.retries = retries;
	}

	/** How failed entries of a batch are retried. */
	public record Retries(int maxAttempts, Duration firstBackoff, Duration maxBackoff) {
	}

	@Override
	public Mono<DeliveryReport> send(List<LegacyMessage> messages) {
		BitSet acknowledged = new BitSet(messages.size());
		Map<String, List<Integer>> byQueue = new LinkedHashMap<>();
		for (int i = 0; i < messages.size(); i++) {
			byQueue.computeIfAbsent(queues.queueFor(messages.get(i).cmd()), url -> new ArrayList<>()).add(i);
		}
		return Flux.fromIterable(byQueue.entrySet())
			.flatMap(queue -> sendToQueue(queue.getKey(), queue.getValue(), messages))
			.doOnNext(index -> {
				synchronized (acknowledged) {
					acknowledged.set(index);
				}
			})
			.then(Mono.fromSupplier(() -> {
				synchronized (acknowledged) {
					return new DeliveryReport(messages.size(), acknowledged);
				}
			}));
	}

	/** Emits the indexes of the acknowledged messages of one queue. */
	private Flux<Integer> sendToQueue(String queueUrl, List<Integer> indexes, List<LegacyMessage> messages) {
		boolean fifo = QueueRouting.isFifo(queueUrl);
		Set<Long> blockedRooms = ConcurrentHashMap.newKeySet();
		// After a call that failed as a whole (the SDK has retried it already) the queue is taken to be
		// unreachable for this request: later batches are not tried, so the answer comes quickly.
		AtomicBoolean unreachable = new AtomicBoolean();
		List<List<Integer>> batches = new ArrayList<>();
		for (int from = 0; from < indexes.size(); from += MAX_BATCH_ENTRIES) {
			batches.add(indexes.subList(from, Math.min(from + MAX_BATCH_ENTRIES, indexes.size())));
		}
		return Flux.fromIterable(batches).concatMap(batch -> {
			List<Integer> sendable = batch.stream()
				.filter(i -> !blockedRooms.contains(messages.get(i).roomId()))
				.toList();
			if (sendable.isEmpty() || unreachable.get()) {
				return Flux.empty();
			}
			return sendBatch(queueUrl, fifo, sendable, messages, unreachable).collectList().flatMapMany(sent -> {
				for (Integer index : sendable) {
					if (!sent.contains(index)) {
						blockedRooms.add(messages.get(index).roomId());
					}
				}
				return Flux.fromIterable(sent);
			});
		});
	}

	/** One batch, then its failed entries again while retries last; emits acknowledged indexes. */
	private Flux<Integer> sendBatch(String queueUrl, boolean fifo, List<Integer> batch, List<LegacyMessage> messages,
			AtomicBoolean unreachable) {
		List<Integer> pending = new ArrayList<>(batch);
		List<Integer> acknowledged = new ArrayList<>();
		return Mono.defer(() -> call(queueUrl, fifo, pending, messages).flatMap(response -> {
			List<Integer> retryable = new ArrayList<>();
			for (var ok : response.successful()) {
				acknowledged.add(pending.get(Integer.parseInt(ok.id())));
			}
			Map<Integer, BatchResultErrorEntry> refused = new LinkedHashMap<>();
			for (BatchResultErrorEntry failed : response.failed()) {
				int index = pending.get(Integer.parseInt(failed.id()));
				refused.put(index, failed);
				if (!failed.senderFault()) {
					retryable.add(index);
				}
			}
			pending.clear();
			pending.addAll(retryable);
			return TraceLogging.write(() -> refused.forEach((index, failed) -> logger.warn(
					"Queue refused message {} ({}): {} {}", messages.get(index).eid(),
					failed.senderFault() ? "sender fault, not retried" : "will retry", failed.code(), failed.message())))
				.then(pending.isEmpty() ? Mono.<Void>empty() : Mono.error(new EntriesFailed(pending.size())));
		}))
			.retryWhen(Retry.backoff(retries.maxAttempts() - 1, retries.firstBackoff())
				.maxBackoff(retries.maxBackoff())
				.jitter(0.5)
				.filter(EntriesFailed.class::isInstance))
			.onErrorResume(ex -> {
				if (!(ex instanceof EntriesFailed) && !(ex.getCause() instanceof EntriesFailed)) {
					unreachable.set(true);
					return TraceLogging.write(() -> logger.warn("SendMessageBatch to {} failed: {}", queueUrl, ex.toString()));
				}
				return Mono.empty();
			})
			.thenMany(Flux.defer(() -> Flux.fromIterable(acknowledged)));
	}

	private Mono<SendMessageBatchResponse> call(String queueUrl, boolean fifo, List<Integer> batch,
			List<LegacyMessage> messages) {
		List<SendMessageBatchRequestEntry> entries = new ArrayList<>(batch.size());
		for (int n = 0; n < batch.size(); n++) {
			LegacyMessage message = messages.get(batch.get(n));
			SendMessageBatchRequestEntry.Builder entry = SendMessageBatchRequestEntry.builder()
				.id(Integer.toString(n))
				.messageBody(message.body())
				.messageAttributes(attributes(message));
			if (fifo) {
				entry.messageGroupId(message.groupId()).messageDeduplicationId(message.deduplicationId());
			}
			entries.add(entry.build());
		}
		return Mono.fromFuture(() -> sqs.sendMessageBatch(request -> request.queueUrl(queueUrl).entries(entries)));
	}

	private static Map<String, MessageAttributeValue> attributes(LegacyMessage message) {
		Map<String, MessageAttributeValue> attributes = new LinkedHashMap<>();
		message.attributes()
			.forEach((name, value) -> attributes.put(name, MessageAttributeValue.builder()
				.dataType(LegacyMessage.ATTRIBUTE_TYPE)
				.stringValue(value)
				.build()));
		return attributes;
	}

	/** Some entries of a batch failed in a way worth retrying. */
	private static final class EntriesFailed extends RuntimeException {

		EntriesFailed(int count) {
			super(count + " entries failed", null, false, false);
		}

	}

}
