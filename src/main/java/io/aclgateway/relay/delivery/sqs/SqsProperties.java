package io.aclgateway.relay.delivery.sqs;

import java.net.URI;
import java.time.Duration;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The SQS client ({@code acl.sqs.*}). Credentials always come from the AWS SDK's default
 * chain.
 *
 * @param endpoint endpoint override for an SQS-compatible server; AWS's own endpoint when
 * absent
 * @param maxConcurrency connections the client may open to SQS
 * @param apiCallTimeout the longest one call may take, the SDK's own retries included
 * @param apiCallAttemptTimeout the longest one attempt of a call may take
 */
@Validated
@ConfigurationProperties(SqsProperties.PREFIX)
public record SqsProperties(@Nullable URI endpoint, @DefaultValue("100") @Min(1) int maxConcurrency,
		@NotNull @DefaultValue("10s") Duration apiCallTimeout,
		@NotNull @DefaultValue("3s") Duration apiCallAttemptTimeout) {

	public static final String PREFIX = "acl.sqs";

}
