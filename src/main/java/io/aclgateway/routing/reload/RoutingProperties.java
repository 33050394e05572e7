package io.aclgateway.routing.reload;

import java.nio.file.Path;
import java.time.Duration;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the gateway reads its routing file ({@code acl.routing.*}).
 *
 * @param file the routing file; a missing file means everything to legacy
 * @param debugHeaders whether responses carry {@code X-Routed-To} and
 * {@code X-Route-Rule}
 * @param reloadInterval how often the file is checked for changes: more than 0 and under
 * 5 s, since a change must be in force within the 5 s routing.md promises (a check takes
 * milliseconds, the wait up to one interval)
 */
@Validated
@ConfigurationProperties(RoutingProperties.PREFIX)
public record RoutingProperties(@NotNull @DefaultValue("config/routing.yml") Path file,
		@DefaultValue("false") boolean debugHeaders, @NotNull @DefaultValue("1s") Duration reloadInterval) {

	public static final String PREFIX = "acl.routing";

	/**
	 * The longest wait routing.md allows between a change of the file and its being in
	 * force.
	 */
	static final Duration RELOAD_PROMISE = Duration.ofSeconds(5);

	public RoutingProperties {
		if (reloadInterval != null && (reloadInterval.isNegative() || reloadInterval.isZero()
				|| reloadInterval.compareTo(RELOAD_PROMISE) >= 0)) {
			throw new IllegalArgumentException(PREFIX + ".reload-interval must be more than 0 and less than 5s, "
					+ "so that a change of the routing file is in force within the 5 seconds routing.md promises, "
					+ "but is " + reloadInterval.toMillis() + "ms");
		}
	}

}
