package io.aclgateway.routing.client;

import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * Who sent a request: platform, app version and cohort keys, as clients.md reads them.
 */
public record Client(Platform platform, @Nullable ClientVersion version, @Nullable String tenant,
		@Nullable String account) {

	/** A client nothing could be read from. */
	public static Client unknown() {
		return new Client(Platform.UNKNOWN, null, null, null);
	}

	public Optional<ClientVersion> versionIfKnown() {
		return Optional.ofNullable(version);
	}

}
