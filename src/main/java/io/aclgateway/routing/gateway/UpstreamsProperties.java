package io.aclgateway.routing.gateway;

import java.net.URI;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/** The two upstreams, {@code acl.falcon.*} and {@code acl.legacy.*}; nothing else is ever reached. */
@Validated
@ConfigurationProperties(UpstreamsProperties.PREFIX)
public record UpstreamsProperties(@Valid @NotNull Upstream falcon, @Valid @NotNull Upstream legacy) {

	public static final String PREFIX = "acl";

	/** One upstream API. */
	public record Upstream(
			/** Base URI: scheme, host and port only; the client's path and query are appended unchanged. */
			@NotNull URI uri) {

		@AssertTrue(message = "must be an absolute http or https URI with a host and no path, query or fragment, "
				+ "for example http://falcon-api:8080")
		public boolean isBaseUri() {
			return uri == null || (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
					&& uri.getHost() != null && (uri.getRawPath() == null || uri.getRawPath().isEmpty()
							|| uri.getRawPath().equals("/"))
					&& uri.getRawQuery() == null && uri.getRawFragment() == null && uri.getRawUserInfo() == null);
		}

	}

}
