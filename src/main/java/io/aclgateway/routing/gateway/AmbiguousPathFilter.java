package io.aclgateway.routing.gateway;

import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ServerWebExchange;

import io.aclgateway.routing.rules.RequestPath;
import io.aclgateway.routing.rules.RouteDecision;

/** Refuses with 400, in the dialect of the target it would otherwise get, a path that has no single meaning. */
public class AmbiguousPathFilter implements GlobalFilter, Ordered {

	static final String CODE = RouteDecision.INVALID_PATH_RULE;

	private final ExchangeRouter router;

	public AmbiguousPathFilter(ExchangeRouter router) {
		this.router = router;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		ExchangeRouter.Routed routed = router.route(exchange);
		RequestPath path = routed.path();
		if (!path.refused()) {
			return chain.filter(exchange);
		}
		return DialectAnswer.write(exchange, routed.decision().target(), HttpStatus.BAD_REQUEST, CODE,
				"The request path has no single meaning: " + path.problem() + ".", null);
	}

	@Override
	public int getOrder() {
		// Right after the decision is counted and its debug headers are set, before anything else looks at the path.
		return RouteDecisionFilter.ORDER + 1;
	}

}
