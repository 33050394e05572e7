package io.aclgateway.observability;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.micrometer.common.KeyValue;
import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;
import org.springframework.http.server.reactive.observation.ServerRequestObservationConvention;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * For a request that is not sampled (so has no server observation): puts its trace where
 * the upstream's {@code traceparent} and the lines logged for it read it (the exchange,
 * and the Reactor context for {@code TraceLogging}) and records it in
 * {@code http.server.requests} with the tags, and at the moment, the observation's meter
 * handler would have: the same convention over the same context, plus {@code error}.
 */
final class UnsampledRequestsTimer implements WebFilter, Ordered {

	private final MeterRegistry registry;

	private final ServerRequestObservationConvention convention;

	private final String name;

	private final Clock clock;

	UnsampledRequestsTimer(MeterRegistry registry, ServerRequestObservationConvention convention) {
		this.registry = registry;
		this.convention = convention;
		String name = convention.getName();
		this.name = (name != null) ? name : "http.server.requests";
		this.clock = registry.config().clock();
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		ServerRequestObservationContext context = exchange
			.getAttribute(ServerRequestObservationContext.CURRENT_OBSERVATION_CONTEXT_ATTRIBUTE);
		RequestTrace trace = (context != null) ? context.get(RequestTrace.class) : null;
		if (context == null || trace == null || trace.sampled()) {
			return chain.filter(exchange);
		}
		// For the upstream's traceparent and the error handlers' log lines.
		exchange.getAttributes().put(RequestTrace.ATTRIBUTE, trace);
		Mono<Void> traced = chain.filter(exchange).contextWrite(reactor -> reactor.put(RequestTrace.class, trace));
		long start = clock.monotonicTime();
		ServerHttpResponse response = exchange.getResponse();
		return traced.doOnSuccess(done -> record(context, start)).doOnError(error -> {
			context.setError(error);
			// Uncommitted, the error handlers answer it (the status is theirs) and the
			// observation would have stopped once that answer was written.
			if (response.isCommitted()) {
				record(context, start);
			}
			else {
				response.beforeCommit(() -> {
					record(context, start);
					return Mono.empty();
				});
			}
		}).doOnCancel(() -> {
			context.setConnectionAborted(true);
			record(context, start);
		});
	}

	private void record(ServerRequestObservationContext context, long start) {
		List<Tag> tags = new ArrayList<>(8);
		for (KeyValue keyValue : convention.getLowCardinalityKeyValues(context)) {
			tags.add(Tag.of(keyValue.getKey(), keyValue.getValue()));
		}
		Throwable error = context.getError();
		tags.add(Tag.of("error", (error != null) ? error.getClass().getSimpleName() : "none"));
		registry.timer(name, tags).record(clock.monotonicTime() - start, TimeUnit.NANOSECONDS);
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
