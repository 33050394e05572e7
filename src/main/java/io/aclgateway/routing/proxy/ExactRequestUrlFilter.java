package io.aclgateway.routing.proxy;

import java.net.URI;

import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;

import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.GATEWAY_REQUEST_URL_ATTR;
import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR;

/**
 * Sends the path's normal form and the client's query to the upstream byte for byte. The
 * gateway's own URL building (its {@code RouteToRequestUrlFilter}, switched off in
 * application.yml) regroups repeated query parameters ({@code a=1&b=2&a=3} becomes
 * {@code a=1&a=3&b=2}), which an upstream may read differently, and parsed every query
 * into a map on the way; routing.md promises the query string unchanged, and the path's
 * normal form is the one change it allows ({@link ExchangeDecisions.Routed#path()}).
 */
class ExactRequestUrlFilter implements GlobalFilter, Ordered {

	private final ExchangeDecisions decisions;

	ExactRequestUrlFilter(ExchangeDecisions decisions) {
		this.decisions = decisions;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		Route route = exchange.getAttribute(GATEWAY_ROUTE_ATTR);
		if (route != null) {
			URI upstream = route.getUri();
			URI received = exchange.getRequest().getURI();
			String rawQuery = received.getRawQuery();
			// The normal form holds only characters a URI allows, percent-encodings kept:
			// nothing re-encodes it.
			String path = decisions.of(exchange).path().normal();
			URI exact = URI.create(upstream.getScheme() + "://" + upstream.getRawAuthority() + path
					+ ((rawQuery != null) ? "?" + rawQuery : ""));
			exchange.getAttributes().put(GATEWAY_REQUEST_URL_ATTR, exact);
		}
		return chain.filter(exchange);
	}

	@Override
	public int getOrder() {
		return ProxyPipeline.EXACT_REQUEST_URL;
	}

}
