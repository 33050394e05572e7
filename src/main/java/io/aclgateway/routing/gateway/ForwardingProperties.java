package io.aclgateway.routing.gateway;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Which peers may tell the gateway who the client is, and which host names it answers for
 * ({@code acl.forwarding.*}).
 *
 * @param trustedProxies addresses or CIDR blocks (for example the load balancer's subnet) whose
 * {@code X-Forwarded-*} and {@code Forwarded} headers are kept and extended; from anyone else
 * those headers are replaced by what the gateway itself sees
 * @param publicHosts the {@code Host} values (name, or name:port) the gateway answers for, compared
 * without regard to case; any other is answered 421 and never forwarded. Empty: any host
 */
@ConfigurationProperties(ForwardingProperties.PREFIX)
public record ForwardingProperties(@DefaultValue List<String> trustedProxies, @DefaultValue List<String> publicHosts) {

	public static final String PREFIX = "acl.forwarding";

}
