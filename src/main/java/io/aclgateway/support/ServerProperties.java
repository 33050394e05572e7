package io.aclgateway.support;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How long the public server waits on a client ({@code acl.server.*}). Reactor Netty has no read
 * timeout by default, so a client trickling a request byte by byte (slowloris) could hold a
 * connection for ever.
 *
 * @param readTimeout the longest pause between two reads while a request is being received
 */
@Validated
@ConfigurationProperties(ServerProperties.PREFIX)
public record ServerProperties(@NotNull @DefaultValue("20s") Duration readTimeout) {

	public static final String PREFIX = "acl.server";

}
