package io.aclgateway.routing.gateway;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Which peers may tell the gateway who the client is ({@code acl.forwarding.*}).
 *
 * @param trustedProxies addresses or CIDR blocks (for example the load balancer's subnet) whose
 * {@code X-Forwarded-*} and {@code Forwarded} headers are kept and extended; from anyone else
 * those headers are replaced by what the gateway itself sees
 */
@ConfigurationProperties(ForwardingProperties.PREFIX)
public record ForwardingProperties(@DefaultValue List<String> trustedProxies) {

	public static final String PREFIX = "acl.forwarding";

}
