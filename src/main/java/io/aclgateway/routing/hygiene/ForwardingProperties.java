package io.aclgateway.routing.hygiene;

import java.util.List;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Which peers may tell the gateway who the client is, and which host names it answers for
 * ({@code acl.forwarding.*}).
 *
 * @param trustedProxies addresses or CIDR blocks (for example the load balancer's subnet)
 * whose {@code X-Forwarded-*} and {@code Forwarded} headers are kept and extended; from
 * anyone else those headers are replaced by what the gateway itself sees
 * @param headersWithUnderscores what becomes of a request header whose name holds an
 * underscore: dropped before forwarding, or the request refused with 400
 * @param publicHosts the {@code Host} values (name, or name:port) the gateway answers
 * for, compared without regard to case; any other is answered 421 and never forwarded.
 * Empty: any host
 */
@Validated
@ConfigurationProperties(ForwardingProperties.PREFIX)
public record ForwardingProperties(@DefaultValue List<String> trustedProxies,
		@NotNull @DefaultValue("drop") UnderscoreHeadersFilter.Action headersWithUnderscores,
		@DefaultValue List<String> publicHosts) {

	public static final String PREFIX = "acl.forwarding";

}
