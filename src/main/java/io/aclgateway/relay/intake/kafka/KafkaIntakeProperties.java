package io.aclgateway.relay.intake.kafka;

import java.time.Duration;
import java.util.List;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The Kafka intake ({@code acl.events.kafka.*}); everything else about the connection
 * (TLS, SASL, client settings) is Spring Boot's {@code spring.kafka.*}.
 *
 * @param bootstrapServers Falcon's Kafka brokers, host:port separated by commas; none
 * turns the Kafka intake off
 * @param topics the topics of Falcon's event log
 * @param groupId the consumer group every relay replica joins
 * @param instanceId static group membership (group.instance.id) for a pod with a stable
 * identity, such as a StatefulSet's; none: dynamic membership
 * @param maxRecordsInFlight records read but not yet acknowledged by the queue before the
 * relay stops reading (pauses its partitions)
 * @param pollTimeout the longest one poll of the brokers waits for records
 * @param retryBackoff how long a partition waits before resending what the queue failed
 * @param revocationTimeout how long a revoked partition's sends may take to finish before
 * the relay gives them up and commits what is done
 */
@Validated
@ConfigurationProperties(KafkaIntakeProperties.PREFIX)
public record KafkaIntakeProperties(@Nullable String bootstrapServers,
		@NotEmpty @DefaultValue("falcon.events") List<String> topics,
		@NotNull @DefaultValue("acl-gateway-relay") String groupId, @Nullable String instanceId,
		@DefaultValue("1000") @Min(1) int maxRecordsInFlight, @NotNull @DefaultValue("100ms") Duration pollTimeout,
		@NotNull @DefaultValue("1s") Duration retryBackoff, @NotNull @DefaultValue("10s") Duration revocationTimeout) {

	public static final String PREFIX = "acl.events.kafka";

}
