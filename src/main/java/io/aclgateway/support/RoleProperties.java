package io.aclgateway.support;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The instance's role ({@code acl.role}); beans of one half are switched with
 * {@link ConditionalOnRole}, this record makes a wrong value fail start-up with the key's
 * name.
 *
 * @param role what this instance runs: both (the proxy, POST /events and the Kafka
 * intake), gateway (the proxy and POST /events, no Kafka intake even with brokers
 * configured) or relay (only the Kafka intake; the public port answers 404)
 */
@Validated
@ConfigurationProperties(RoleProperties.PREFIX)
public record RoleProperties(@NotNull @DefaultValue("both") InstanceRole role) {

	public static final String PREFIX = "acl";

}
