package io.aclgateway.routing.gateway;

import java.nio.file.Path;
import java.time.Duration;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/** How the gateway reads its routing file ({@code acl.routing.*}). */
@Validated
@ConfigurationProperties(RoutingProperties.PREFIX)
public record RoutingProperties(
		/** The routing file; a missing file means everything to legacy. */
		@NotNull @DefaultValue("config/routing.yml") Path file,
		/** Whether responses carry X-Routed-To and X-Route-Rule. */
		@DefaultValue("false") boolean debugHeaders,
		/** How often the file is checked for changes; well under the 5 s routing.md allows. */
		@NotNull @DefaultValue("1s") Duration reloadInterval) {

	public static final String PREFIX = "acl.routing";

}
