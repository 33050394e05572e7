package io.aclgateway.routing.proxy;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;

/**
 * Times each routed request as {@code spring.cloud.gateway.requests}, with the names,
 * tags and stage Spring Cloud Gateway's own metrics filter uses, from timers looked up
 * once per (route, method, status) rather than registered by name and tags on every
 * request.
 */
class UpstreamTimingFilter implements GlobalFilter, Ordered {

	static final String METRIC = "spring.cloud.gateway.requests";

	// Beyond this many timers (routes x methods x statuses, all bounded in practice), a
	// timer is looked up in the registry as the gateway's filter does, never cached: a
	// client sending made-up methods cannot grow this map.
	private static final int MAX_CACHED = 2048;

	private final MeterRegistry meters;

	private final Map<Key, Timer> timers = new ConcurrentHashMap<>();

	UpstreamTimingFilter(MeterRegistry meters) {
		this.meters = meters;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		Timer.Sample sample = Timer.start(meters);
		return chain.filter(exchange)
			.doOnSuccess(done -> stopWhenCommitted(exchange, sample))
			.doOnError(error -> stopWhenCommitted(exchange, sample));
	}

	// As the gateway's filter: an answer not yet written is timed when it is.
	private void stopWhenCommitted(ServerWebExchange exchange, Timer.Sample sample) {
		ServerHttpResponse response = exchange.getResponse();
		if (response.isCommitted()) {
			stop(exchange, sample);
		}
		else {
			response.beforeCommit(() -> {
				stop(exchange, sample);
				return Mono.empty();
			});
		}
	}

	private void stop(ServerWebExchange exchange, Timer.Sample sample) {
		Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
		if (route == null) {
			return;
		}
		HttpStatusCode status = exchange.getResponse().getStatusCode();
		Key key = new Key(route.getId(), route.getUri().toString(), exchange.getRequest().getMethod().name(),
				(status != null) ? status.value() : -1);
		Timer timer = timers.get(key);
		if (timer == null) {
			timer = register(key);
			if (timers.size() < MAX_CACHED) {
				timers.putIfAbsent(key, timer);
			}
		}
		sample.stop(timer);
	}

	private Timer register(Key key) {
		@Nullable HttpStatus known = (key.status() >= 0) ? HttpStatus.resolve(key.status()) : null;
		return Timer.builder(METRIC)
			.tag("routeId", key.routeId())
			.tag("routeUri", key.routeUri())
			.tag("outcome", (known != null) ? known.series().name() : "CUSTOM")
			.tag("status",
					(known != null) ? known.name() : (key.status() >= 0) ? String.valueOf(key.status()) : "CUSTOM")
			.tag("httpStatusCode", (key.status() >= 0) ? String.valueOf(key.status()) : "NA")
			.tag("httpMethod", key.method())
			.register(meters);
	}

	@Override
	public int getOrder() {
		return ProxyPipeline.TIME_UPSTREAM;
	}

	private record Key(String routeId, String routeUri, String method, int status) {
	}

}
