package io.aclgateway.routing.client;

import java.util.Objects;

/** The header names that carry the tenant and account ids (set by the routing file). */
public record CohortHeaders(String tenant, String account) {

	public static final CohortHeaders DEFAULT = new CohortHeaders("X-Organization-Id", "X-Account-Id");

	public CohortHeaders {
		Objects.requireNonNull(tenant, "tenant header name");
		Objects.requireNonNull(account, "account header name");
	}

}
