package io.aclgateway.relay.delivery.sqs;

import java.util.Objects;

import software.amazon.awssdk.services.sqs.SqsAsyncClient;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.aclgateway.relay.core.DeadLetterSender;

/**
 * The dead-letter queue's sender, only when both it and the legacy queue are configured
 * (the SQS client exists with the legacy queue; without one nothing is relayed at all).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = DeadLetterQueueProperties.PREFIX, name = { "queue-url", "dead-letter-queue-url" })
class DeadLetterQueueConfiguration {

	/** The queue's size limit holds for dead letters too. */
	@Bean
	DeadLetterSender deadLetterSender(SqsAsyncClient sqs, DeadLetterQueueProperties deadLetters,
			SqsQueueProperties queues) {
		return new SqsDeadLetterSender(sqs,
				Objects.requireNonNull(deadLetters.deadLetterQueueUrl(), "the condition above holds it"),
				queues.maxMessageBytes());
	}

}
