package io.aclgateway.relay.intake.kafka.state;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The Kafka intake's per-room memory ({@code acl.events.kafka.state.*}).
 *
 * @param topicSuffix the state topic of a source topic is its name with this suffix
 * @param createTopics create the relay's missing topics (state and parking: compacted,
 * the source's partition count); otherwise a missing one fails start-up
 * @param recentIds the most event ids remembered per room for events without roomseq
 * @param parkedTopicSuffix the parking topic of a source topic is its name and this
 * suffix: held rooms' records wait there until the room is released
 * @param maxParkedPerRoom the most records parked behind one held room; beyond it the
 * room's partition waits (nothing lost, its other rooms wait too) until the room is
 * released
 */
@Validated
@ConfigurationProperties(KafkaStateProperties.PREFIX)
public record KafkaStateProperties(@NotBlank @DefaultValue(".acl-state") String topicSuffix,
		@DefaultValue("false") boolean createTopics, @DefaultValue("256") @Min(0) int recentIds,
		@NotBlank @DefaultValue(".acl-parked") String parkedTopicSuffix,
		@DefaultValue("10000") @Min(1) int maxParkedPerRoom) {

	public static final String PREFIX = "acl.events.kafka.state";

}
