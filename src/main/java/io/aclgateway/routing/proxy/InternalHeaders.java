package io.aclgateway.routing.proxy;

import java.util.List;

import io.aclgateway.routing.rules.ShadowSection;

/**
 * The gateway's own request headers, which no client may send on: neither a routing
 * decision the gateway did not make, nor a live request passed off as a shadow copy
 * (shadow.md section 1), which Falcon may answer without its side effects.
 */
public final class InternalHeaders {

	/** Their names, as the gateway writes them. */
	public static final List<String> NAMES = List.of(RouteDecisionFilter.ROUTED_TO_HEADER,
			RouteDecisionFilter.ROUTE_RULE_HEADER, ShadowSection.REQUEST_HEADER);

	private InternalHeaders() {
	}

}
