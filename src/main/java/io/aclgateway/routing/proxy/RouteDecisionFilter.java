package io.aclgateway.routing.proxy;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;

import io.aclgateway.routing.client.Platform;
import io.aclgateway.routing.rules.RouteDecision;
import io.aclgateway.routing.rules.Target;

/** Counts each routing decision and, when enabled, tells the client where it went. */
class RouteDecisionFilter implements GlobalFilter, Ordered {

	static final String ROUTED_TO_HEADER = "X-Routed-To";

	static final String ROUTE_RULE_HEADER = "X-Route-Rule";

	private final ExchangeDecisions decisions;

	private final MeterRegistry meters;

	private final boolean debugHeaders;

	// Registering looks the meter up by name and tags; a request only needs a map lookup.
	// The keys
	// are bounded by the rule names ever loaded times the targets and the five platforms.
	private final Map<CounterKey, Counter> counters = new ConcurrentHashMap<>();

	RouteDecisionFilter(ExchangeDecisions decisions, MeterRegistry meters, boolean debugHeaders) {
		this.decisions = decisions;
		this.meters = meters;
		this.debugHeaders = debugHeaders;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		ExchangeDecisions.Routed routed = decisions.of(exchange);
		RouteDecision decision = routed.decision();
		counters
			.computeIfAbsent(new CounterKey(decision.target(), decision.rule(), routed.client().platform()),
					this::register)
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

	// Tags come from the rules file and a closed set of platforms, never from the raw
	// request.
	private Counter register(CounterKey key) {
		return Counter.builder("acl.route.decisions")
			.description("Public requests routed, by target, deciding rule and client platform")
			.tag("target", key.target().wireName())
			.tag("rule", key.rule())
			.tag("platform", key.platform().wireName())
			.register(meters);
	}

	@Override
	public int getOrder() {
		return ProxyPipeline.DECIDE;
	}

	private record CounterKey(Target target, String rule, Platform platform) {
	}

}
