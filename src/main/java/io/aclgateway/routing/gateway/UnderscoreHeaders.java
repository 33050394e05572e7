package io.aclgateway.routing.gateway;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ServerWebExchange;

import io.aclgateway.routing.client.Platform;
import io.aclgateway.routing.rules.Target;

/**
 * Keeps header names with underscores from the upstreams: PHP (and CGI) read {@code X_Forwarded_For}
 * and {@code X-Forwarded-For} as the same {@code HTTP_X_FORWARDED_FOR}, so such a name would let a
 * client pass off a value as one the gateway vouches for. Dropped by default, as nginx and Envoy
 * do, or the request refused; each drop is counted by target and platform so that operators see
 * which apps send such names.
 */
public class UnderscoreHeaders implements GlobalFilter, Ordered {

	static final String CODE = "invalid_header";

	/** What becomes of a request that carries such a header. */
	public enum Action {

		/** Forwarded without those headers. */
		DROP,

		/** Answered 400 in the target's dialect. */
		REJECT

	}

	private final ExchangeRouter router;

	private final Action action;

	private final UpstreamErrors refusals;

	// Every target and platform from the start, so that rate() sees the first drop.
	private final Map<Tags, Counter> drops = new HashMap<>();

	public UnderscoreHeaders(ExchangeRouter router, Action action, MeterRegistry meters, UpstreamErrors refusals) {
		this.router = router;
		this.action = action;
		this.refusals = refusals;
		for (Target target : Target.values()) {
			for (Platform platform : Platform.values()) {
				Tags tags = new Tags(target, platform);
				drops.put(tags, register(meters, tags));
			}
		}
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		List<String> names = exchange.getRequest()
			.getHeaders()
			.headerNames()
			.stream()
			.filter(name -> name.indexOf('_') >= 0)
			.toList();
		if (names.isEmpty()) {
			return chain.filter(exchange);
		}
		ExchangeRouter.Routed routed = router.route(exchange);
		Target target = routed.decision().target();
		if (action == Action.REJECT) {
			refusals.count(target, CODE);
			return DialectAnswer.write(exchange, target, HttpStatus.BAD_REQUEST, CODE,
					"Header names with underscores are not accepted.", null);
		}
		Objects.requireNonNull(drops.get(new Tags(target, routed.client().platform()))).increment(names.size());
		return chain.filter(exchange.mutate().request(request -> request.headers(headers -> names.forEach(headers::remove))).build());
	}

	private static Counter register(MeterRegistry meters, Tags tags) {
		return Counter.builder("acl.dropped.headers")
			.description("Request headers with underscores in their names, dropped before forwarding, by target and platform")
			.tag("target", tags.target().wireName())
			.tag("platform", tags.platform().wireName())
			.register(meters);
	}

	@Override
	public int getOrder() {
		// After the decision (the answer needs the target), the path check and the host check (a request
		// refused for those is not counted here), before any filter that reads or forwards the headers.
		return Ordered.HIGHEST_PRECEDENCE + 3;
	}

	private record Tags(Target target, Platform platform) {
	}

}
