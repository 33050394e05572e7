package io.aclgateway.relay.intake;

import java.time.Duration;
import java.util.List;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code POST /events} ({@code acl.events.*}; the queue keys of the same prefix are
 * {@code delivery.sqs.SqsQueueProperties}).
 *
 * @param signingSecrets {@code whsec_...} secrets; any of them may sign a request
 * (rotation)
 * @param maxRequestBytes the largest request body read
 * @param retryAfter what a 503 tells Falcon to wait before it resends
 */
@Validated
@ConfigurationProperties(EventsProperties.PREFIX)
public record EventsProperties(@DefaultValue List<String> signingSecrets,
		@DefaultValue("5242880") @Min(1) int maxRequestBytes, @NotNull @DefaultValue("5s") Duration retryAfter) {

	public static final String PREFIX = "acl.events";

	/**
	 * Never prints the secrets, wherever a binding error or a debug log shows this
	 * record.
	 */
	@Override
	public String toString() {
		return "EventsProperties[signingSecrets=(" + ((signingSecrets != null) ? signingSecrets.size() : 0)
				+ " hidden), maxRequestBytes=" + maxRequestBytes + ", retryAfter=" + retryAfter + "]";
	}

}
