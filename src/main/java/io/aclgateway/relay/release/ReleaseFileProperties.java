package io.aclgateway.relay.release;

import java.nio.file.Path;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where the relay reads operators' room releases ({@code acl.events.release-file}).
 *
 * @param releaseFile the release file (held rooms to skip or redeliver), live-reloaded
 * when the Kafka intake runs; a missing file releases nothing
 */
@Validated
@ConfigurationProperties(ReleaseFileProperties.PREFIX)
public record ReleaseFileProperties(@NotNull @DefaultValue("config/relay-releases.yml") Path releaseFile) {

	public static final String PREFIX = "acl.events";

}
