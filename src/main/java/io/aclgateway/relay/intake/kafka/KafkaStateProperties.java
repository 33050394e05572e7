package io.aclgateway.relay.intake.kafka;

import jakarta.validation.constraints.NotBlank;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The relay's own topics beside each source topic ({@code acl.events.kafka.state.*},
 * docs/design/relay-state.md 5.1).
 *
 * @param createTopics create missing relay topics (compacted, as many partitions as the
 * source); otherwise the platform creates them
 * @param parkedTopicSuffix the parking topic of a source topic is its name and this
 * suffix: held rooms' records wait there until the room is released
 */
@Validated
@ConfigurationProperties(KafkaStateProperties.PREFIX)
public record KafkaStateProperties(@DefaultValue("false") boolean createTopics,
		@NotBlank @DefaultValue(".acl-parked") String parkedTopicSuffix) {

	public static final String PREFIX = "acl.events.kafka.state";

}
