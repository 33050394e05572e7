package io.aclgateway.routing.hygiene;

import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.http.HttpMethod;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import io.aclgateway.routing.rules.RequestPath;

/**
 * Every spelling of {@code /events} reaches the events endpoint, as every spelling of a
 * routed path reaches its rule: the proxy reads paths in their one normal form (slashes
 * merged, unreserved characters decoded), so without this {@code POST //events} was
 * forwarded to an upstream with Falcon's signed body, whose signature does not cover the
 * path. Runs before any handler is chosen.
 */
class EventsPathFilter implements WebFilter, Ordered {

	static final String EVENTS = "/events";

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		String raw = exchange.getRequest().getPath().value();
		// Only POST is the events endpoint; any other method is proxied, and the proxy
		// normalises it itself.
		if (exchange.getRequest().getMethod() != HttpMethod.POST || raw.equals(EVENTS)) {
			return chain.filter(exchange);
		}
		RequestPath path = RequestPath.of(raw);
		if (path.refused() || !path.normal().equals(EVENTS)) {
			return chain.filter(exchange);
		}
		return chain.filter(exchange.mutate().request(request -> request.path(EVENTS)).build());
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
