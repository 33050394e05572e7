package io.aclgateway.routing.gateway;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;

import io.aclgateway.routing.rules.RouteDecision;

/** Counts each routing decision and, when enabled, tells the client where it went. */
public class RouteDecisionFilter implements GlobalFilter, Ordered {

	static final String ROUTED_TO_HEADER = "X-Routed-To";

	static final String ROUTE_RULE_HEADER = "X-Route-Rule";

	private final ExchangeRouter router;

	private final MeterRegistry meters;

	private final boolean debugHeaders;

	public RouteDecisionFilter(ExchangeRouter router, MeterRegistry meters, boolean debugHeaders) {
		this.router = router;
		this.meters = meters;
		this.debugHeaders = debugHeaders;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		ExchangeRouter.Routed routed = router.route(exchange);
		RouteDecision decision = routed.decision();
		// Tags come from the rules file and a closed set of platforms, never from the raw request.
		Counter.builder("acl.route.decisions")
			.description("Public requests routed, by target, deciding rule and client platform")
			.tag("target", decision.target().wireName())
			.tag("rule", decision.rule())
			.tag("platform", routed.client().platform().wireName())
			.register(meters)
			.increment();
		if (debugHeaders) {
			exchange.getResponse().beforeCommit(() -> {
				HttpHeaders headers = exchange.getResponse().getHeaders();
				headers.set(ROUTED_TO_HEADER, decision.target().wireName());
				headers.set(ROUTE_RULE_HEADER, decision.rule());
				return Mono.empty();
			});
		}
		return chain.filter(exchange);
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE + 1;
	}

}
