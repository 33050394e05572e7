package io.aclgateway.relay.view;

import java.time.Duration;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The replicas' shared view of pending rooms ({@code acl.events.kafka.view.*}), on when
 * {@code acl.events.kafka.bootstrap-servers} is set.
 *
 * @param topicSuffix the facts topic is the first source topic's name with this suffix:
 * every replica publishes its rooms' pending and idle transitions there and reads
 * everyone's
 * @param pendingExpiry how long a room's pending fact counts without the fact that ends
 * it (a replica that crashed mid-send never sends that one); also how far back the view
 * reads at start
 * @param maxStaleness how far behind the facts topic the view may be and still answer;
 * beyond it a room this replica does not know busy is unknown (shadow reads skip the
 * comparison)
 */
@Validated
@ConfigurationProperties(RoomViewProperties.PREFIX)
public record RoomViewProperties(@NotBlank @DefaultValue(".acl-http") String topicSuffix,
		@NotNull @DefaultValue("5m") Duration pendingExpiry, @NotNull @DefaultValue("2s") Duration maxStaleness) {

	public static final String PREFIX = "acl.events.kafka.view";

	public RoomViewProperties {
		positive("pending-expiry", pendingExpiry);
		positive("max-staleness", maxStaleness);
	}

	private static void positive(String key, @Nullable Duration value) {
		if (value != null && (value.isNegative() || value.isZero())) {
			throw new IllegalArgumentException(PREFIX + "." + key + " must be more than 0, but is " + value);
		}
	}

}
