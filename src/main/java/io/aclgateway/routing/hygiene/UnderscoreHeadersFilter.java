package io.aclgateway.routing.hygiene;

import java.util.ArrayList;
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
import io.aclgateway.routing.proxy.DialectAnswer;
import io.aclgateway.routing.proxy.ExchangeDecisions;
import io.aclgateway.routing.proxy.ProxyPipeline;
import io.aclgateway.routing.proxy.UpstreamErrors;
import io.aclgateway.routing.rules.Target;

/**
 * Keeps header names with underscores from the upstreams: PHP (and CGI) read
 * {@code X_Forwarded_For} and {@code X-Forwarded-For} as the same
 * {@code HTTP_X_FORWARDED_FOR}, so such a name would let a client pass off a value as one
 * the gateway vouches for. Dropped by default, as nginx and Envoy do, or the request
 * refused; each drop is counted by target and platform so that operators see which apps
 * send such names.
 */
class UnderscoreHeadersFilter implements GlobalFilter, Ordered {

	/** What becomes of a request that carries such a header. */
	public enum Action {

		/** Forwarded without those headers. */
		DROP,

		/** Answered 400 in the target's dialect. */
		REJECT

	}

	private final ExchangeDecisions decisions;

	private final Action action;

	private final UpstreamErrors refusals;

	// Every target and platform from the start, so that rate() sees the first drop.
	private final Map<Tags, Counter> drops = new HashMap<>();

	UnderscoreHeadersFilter(ExchangeDecisions decisions, Action action, MeterRegistry meters, UpstreamErrors refusals) {
		this.decisions = decisions;
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
		// A plain loop: nearly every request has no such name, and pays for no list.
		List<String> names = null;
		for (Map.Entry<String, List<String>> header : HeaderEntries.of(exchange.getRequest().getHeaders())) {
			String name = header.getKey();
			if (name.indexOf('_') >= 0 && (names == null || !containsIgnoringCase(names, name))) {
				if (names == null) {
					names = new ArrayList<>(2);
				}
				names.add(name);
			}
		}
		if (names == null) {
			return chain.filter(exchange);
		}
		List<String> dropped = names;
		ExchangeDecisions.Routed routed = decisions.of(exchange);
		Target target = routed.decision().target();
		if (action == Action.REJECT) {
			return DialectAnswer.counted(exchange, refusals, target, HttpStatus.BAD_REQUEST,
					UpstreamErrors.Code.INVALID_HEADER, "Header names with underscores are not accepted.", null);
		}
		Objects.requireNonNull(drops.get(new Tags(target, routed.client().platform()))).increment(dropped.size());
		return chain.filter(exchange.mutate()
			.request(request -> request.headers(headers -> dropped.forEach(headers::remove)))
			.build());
	}

	private static Counter register(MeterRegistry meters, Tags tags) {
		return Counter.builder("acl.dropped.headers")
			.description(
					"Request headers with underscores in their names, dropped before forwarding, by target and platform")
			.tag("target", tags.target().wireName())
			.tag("platform", tags.platform().wireName())
			.register(meters);
	}

	@Override
	public int getOrder() {
		return ProxyPipeline.DROP_UNDERSCORE_HEADERS;
	}

	private record Tags(Target target, Platform platform) {
	}

	private static boolean containsIgnoringCase(List<String> names, String name) {
		for (String known : names) {
			if (known.equalsIgnoreCase(name)) {
				return true;
			}
		}
		return false;
	}

}
