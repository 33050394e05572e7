package io.aclgateway.relay.delivery.sqs;

import java.util.LinkedHashMap;
import java.util.Map;

import reactor.core.publisher.Mono;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;

import io.aclgateway.relay.core.DeadLetter;
import io.aclgateway.relay.core.DeadLetterSender;

/**
 * Sends dead letters to {@code acl.events.dead-letter-queue-url}, FIFO (one group per
 * room, deduplicated by event) or standard.
 */
final class SqsDeadLetterSender implements DeadLetterSender {

	private final SqsAsyncClient sqs;

	private final String queueUrl;

	private final int maxMessageBytes;

	private final boolean fifo;

	SqsDeadLetterSender(SqsAsyncClient sqs, String queueUrl, int maxMessageBytes) {
		this.sqs = sqs;
		this.queueUrl = queueUrl;
		this.maxMessageBytes = maxMessageBytes;
		this.fifo = queueUrl.endsWith(".fifo");
	}

	@Override
	public Mono<Void> send(DeadLetter letter) {
		Map<String, MessageAttributeValue> attributes = new LinkedHashMap<>();
		DeadLetterMessages.attributes(letter)
			.forEach((name, value) -> attributes.put(name,
					MessageAttributeValue.builder().dataType(SqsMessages.ATTRIBUTE_TYPE).stringValue(value).build()));
		SendMessageRequest.Builder request = SendMessageRequest.builder()
			.queueUrl(queueUrl)
			.messageBody(DeadLetterMessages.body(letter, maxMessageBytes))
			.messageAttributes(attributes);
		if (fifo) {
			request.messageGroupId(letter.groupId()).messageDeduplicationId(DeadLetterMessages.deduplicationId(letter));
		}
		return Mono.fromFuture(() -> sqs.sendMessage(request.build())).then();
	}

}
