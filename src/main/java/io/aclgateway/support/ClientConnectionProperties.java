package io.aclgateway.support;

import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * How long the servers wait on a client ({@code acl.server.*}). Reactor Netty has no read
 * timeout by default, so a client trickling a request byte by byte (slowloris) could hold
 * a connection for ever.
 *
 * @param readTimeout the longest pause between two reads while a request is being
 * received
 * @param headerTimeout the longest time from the first byte of a request head to the
 * whole head; past it, 408 and the connection is closed
 * @param lingering how much of a request body is still read, and dropped, after an early
 * answer
 */
@Validated
@ConfigurationProperties(ClientConnectionProperties.PREFIX)
public record ClientConnectionProperties(@NotNull @DefaultValue("20s") Duration readTimeout,
		@NotNull @DefaultValue("20s") Duration headerTimeout, @Valid @DefaultValue Lingering lingering) {

	public static final String PREFIX = "acl.server";

	public ClientConnectionProperties {
		// 0s would answer 408 to every request the moment its first byte arrives.
		if (headerTimeout != null && (headerTimeout.isNegative() || headerTimeout.isZero())) {
			throw new IllegalArgumentException(PREFIX + ".header-timeout must be more than 0, was " + headerTimeout);
		}
	}

	/**
	 * The bounds of reading what is left of a request body once the gateway has answered
	 * without it (nginx's lingering close): long enough for a client that writes its
	 * whole body before it reads to get to the answer, short enough that no client holds
	 * a connection by sending for ever.
	 *
	 * @param time the longest the rest of a body is read after the answer
	 * @param timeout the longest pause between two reads of it
	 * @param size the most bytes read of it; past this the connection is closed
	 */
	public record Lingering(@NotNull @DefaultValue("30s") Duration time, @NotNull @DefaultValue("5s") Duration timeout,
			@NotNull @DefaultValue("64MB") DataSize size) {
	}

}
