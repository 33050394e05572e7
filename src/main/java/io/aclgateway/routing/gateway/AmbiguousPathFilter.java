package io.aclgateway.routing.gateway;

import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ServerWebExchange;

import io.aclgateway.routing.rules.RequestPath;

/** Refuses, in the target's dialect, a path that an upstream might read differently from the rules. */
public class AmbiguousPathFilter implements GlobalFilter, Ordered {

	static final String CODE = "invalid_path";

	private final ExchangeRouter router;

	public AmbiguousPathFilter(ExchangeRouter router) {
		this.router = router;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		String ambiguity = RequestPath.ambiguity(exchange.getRequest().getURI().getRawPath());
		if (ambiguity == null) {
			return chain.filter(exchange);
		}
		return DialectAnswer.write(exchange, router.route(exchange).decision().target(), HttpStatus.BAD_REQUEST, CODE,
				"The request path is ambiguous: " + ambiguity + ".", null);
	}

	@Override
	public int getOrder() {
		// First of all: nothing else looks at a path that is refused.
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
