package io.aclgateway.routing.proxy;

import java.util.List;

import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;

import io.aclgateway.routing.rules.ShadowSection;

/**
 * Removes the gateway's own headers from what clients send, so that no client can pass an
 * upstream a routing decision the gateway did not make, nor pass a live request off as a
 * shadow copy (shadow.md section 1), which Falcon may answer without its side effects.
 */
class InternalHeadersFilter implements HttpHeadersFilter {

	static final List<String> NAMES = List.of(RouteDecisionFilter.ROUTED_TO_HEADER,
			RouteDecisionFilter.ROUTE_RULE_HEADER, ShadowSection.REQUEST_HEADER);

	@Override
	public HttpHeaders filter(HttpHeaders input, ServerWebExchange exchange) {
		if (NAMES.stream().noneMatch(input::containsHeader)) {
			return input;
		}
		HttpHeaders filtered = new HttpHeaders();
		filtered.putAll(input);
		NAMES.forEach(filtered::remove);
		return filtered;
	}

	@Override
	public boolean supports(Type type) {
		return type == Type.REQUEST;
	}

}
