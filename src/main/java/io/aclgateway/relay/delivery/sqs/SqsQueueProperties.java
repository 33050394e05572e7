package io.aclgateway.relay.delivery.sqs;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import io.aclgateway.relay.translation.LegacyCommand;

/**
 * The legacy queues the relay sends to ({@code acl.events.*}, beside
 * {@code POST /events}'s own keys).
 *
 * @param queueUrl the legacy queue; without it {@code POST /events} answers 503
 * @param queues per-command queue overrides, keyed by legacy command ({@code chat_add},
 * ...)
 * @param maxMessageBytes the largest legacy message, body and attributes, the consumers
 * accept
 * @param sendAttempts attempts per batch entry that the queue failed without it being our
 * fault
 * @param queueBreaker when to stop trying a queue that keeps failing, and answer 503 at
 * once
 */
@Validated
@ConfigurationProperties(SqsQueueProperties.PREFIX)
public record SqsQueueProperties(@Nullable String queueUrl, @DefaultValue Map<String, String> queues,
		@DefaultValue("262144") @Min(1024) @Max(1048576) int maxMessageBytes,
		@DefaultValue("3") @Min(1) @Max(10) int sendAttempts, @Valid @DefaultValue QueueBreaker queueBreaker) {

	public static final String PREFIX = "acl.events";

	/**
	 * The circuit breaker around the queue.
	 *
	 * @param failureRateThreshold percent of failed deliveries that opens it
	 * @param minimumCalls deliveries needed before the rate counts
	 * @param windowSize the last deliveries the rate is taken over
	 * @param openDuration how long it stays open before one trial delivery
	 */
	public record QueueBreaker(@DefaultValue("50") @Min(1) @Max(100) int failureRateThreshold,
			@DefaultValue("5") @Min(1) int minimumCalls, @DefaultValue("20") @Min(1) int windowSize,
			@NotNull @DefaultValue("5s") Duration openDuration) {
	}

	public SqsQueueProperties {
		queues = commandKeys(queues);
		for (String key : queues.keySet()) {
			if (LegacyCommand.fromWireName(key).isEmpty()) {
				// Derived from the catalog, so the message lists every command there is.
				throw new IllegalArgumentException(PREFIX + ".queues." + key + " is not a legacy command; the keys are "
						+ LegacyCommand.wireNames());
			}
		}
	}

	/**
	 * An environment variable such as {@code ACL_EVENTS_QUEUES_CHAT_READ} binds to the
	 * key {@code chat.read}; commands are written with underscores, so both spellings
	 * mean the same.
	 */
	private static Map<String, String> commandKeys(@Nullable Map<String, String> queues) {
		Map<String, String> byCommand = new LinkedHashMap<>();
		if (queues != null) {
			queues.forEach(
					(key, url) -> byCommand.put(key.replace('.', '_').replace('-', '_').toLowerCase(Locale.ROOT), url));
		}
		return Map.copyOf(byCommand);
	}

}
