package io.aclgateway.routing.client;

import org.jspecify.annotations.Nullable;

/** Read access to a request's headers, so that classification needs no web framework. */
@FunctionalInterface
public interface RequestHeaders {

	/**
	 * The first value of the named header (case-insensitive), or {@code null} when
	 * absent.
	 */
	@Nullable String first(String name);

}
