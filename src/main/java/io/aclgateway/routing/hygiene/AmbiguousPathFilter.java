package io.aclgateway.routing.hygiene;

import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ServerWebExchange;

import io.aclgateway.routing.proxy.DialectAnswer;
import io.aclgateway.routing.proxy.ExchangeDecisions;
import io.aclgateway.routing.proxy.ProxyPipeline;
import io.aclgateway.routing.rules.RequestPath;
import io.aclgateway.routing.rules.RouteDecision;

/**
 * Refuses with 400, in the dialect of the target it would otherwise get, a path that has
 * no single meaning.
 */
class AmbiguousPathFilter implements GlobalFilter, Ordered {

	static final String CODE = RouteDecision.INVALID_PATH_RULE;

	private final ExchangeDecisions decisions;

	AmbiguousPathFilter(ExchangeDecisions decisions) {
		this.decisions = decisions;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		ExchangeDecisions.Routed routed = decisions.of(exchange);
		RequestPath path = routed.path();
		if (!path.refused()) {
			return chain.filter(exchange);
		}
		return DialectAnswer.write(exchange, routed.decision().target(), HttpStatus.BAD_REQUEST, CODE,
				"The request path has no single meaning: " + path.problem() + ".", null);
	}

	@Override
	public int getOrder() {
		return ProxyPipeline.REFUSE_AMBIGUOUS_PATH;
	}

}
