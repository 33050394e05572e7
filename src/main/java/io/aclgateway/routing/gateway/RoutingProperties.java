package io.aclgateway.routing.gateway;

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
 * @param debugHeaders whether responses carry {@code X-Routed-To} and {@code X-Route-Rule}
 * @param reloadInterval how often the file is checked for changes; well under the 5 s routing.md allows
 */
@Validated
@ConfigurationProperties(RoutingProperties.PREFIX)
public record RoutingProperties(@NotNull @DefaultValue("config/routing.yml") Path file,
		@DefaultValue("false") boolean debugHeaders, @NotNull @DefaultValue("1s") Duration reloadInterval) {

	public static final String PREFIX = "acl.routing";

}
