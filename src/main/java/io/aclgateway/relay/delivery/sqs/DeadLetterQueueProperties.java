package io.aclgateway.relay.delivery.sqs;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The dead-letter queue ({@code acl.events.*}, beside the legacy queue's keys).
 *
 * @param deadLetterQueueUrl where events that cannot be delivered go, with the reason;
 * none: their rooms are held all the same and the relay says so in its log
 */
@ConfigurationProperties(DeadLetterQueueProperties.PREFIX)
public record DeadLetterQueueProperties(@Nullable String deadLetterQueueUrl) {

	public static final String PREFIX = "acl.events";

}
