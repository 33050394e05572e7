package io.aclgateway.relay.delivery.sqs;

import java.util.Optional;

import io.aclgateway.relay.contract.EventProblem;
import io.aclgateway.relay.delivery.MessageCheck;
import io.aclgateway.relay.translation.LegacyMessage;

/**
 * The legacy consumers' size limit (events.md 3.3), counted as SQS counts it: a larger
 * message refuses its event with {@code message_too_large}; nothing is ever truncated.
 */
final class SqsMessageSize implements MessageCheck {

	private final int maxMessageBytes;

	SqsMessageSize(int maxMessageBytes) {
		this.maxMessageBytes = maxMessageBytes;
	}

	@Override
	public Optional<EventProblem> problem(LegacyMessage message) {
		int size = SqsMessages.sizeInBytes(message);
		if (size <= maxMessageBytes) {
			return Optional.empty();
		}
		return Optional.of(new EventProblem(EventProblem.MESSAGE_TOO_LARGE, "The legacy message " + message.eid()
				+ " would be " + size + " bytes, more than the consumers' limit of " + maxMessageBytes));
	}

}
