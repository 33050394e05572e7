package io.aclgateway.support;

import io.micrometer.context.ContextSnapshot;
import io.micrometer.context.ContextSnapshotFactory;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;
import reactor.core.publisher.Mono;
import reactor.util.context.ContextView;

import org.springframework.web.server.ServerWebExchange;

import io.aclgateway.observability.RequestTrace;

/**
 * Writes log lines with the request's trace id. Context propagation is "limited"
 * (application.yml): the trace is not put back into thread locals around every Reactor
 * operator, which cost a sixth of the routing throughput, so it is put back here, only
 * where a line is written: a sampled request's from its observation, an unsampled one's
 * (which has none) from its {@link RequestTrace}, under the keys the tracer uses.
 */
public final class TraceLogging {

	private static final ContextSnapshotFactory SNAPSHOTS = ContextSnapshotFactory.builder().build();

	private static final String TRACE_ID = "traceId";

	private static final String SPAN_ID = "spanId";

	private TraceLogging() {
	}

	/**
	 * Completes empty once {@code lines} have run with the subscriber's trace in the
	 * logging context.
	 */
	public static Mono<Void> write(Runnable lines) {
		return Mono.deferContextual(context -> {
			run(context, context.getOrDefault(RequestTrace.class, null), lines);
			return Mono.empty();
		});
	}

	/**
	 * As {@link #write(Runnable)}, for code outside the request's filters (error
	 * handlers), which finds an unsampled request's trace on the exchange.
	 */
	public static Mono<Void> write(ServerWebExchange exchange, Runnable lines) {
		return Mono.deferContextual(context -> {
			RequestTrace trace = context.getOrDefault(RequestTrace.class, null);
			run(context, (trace != null) ? trace : exchange.getAttribute(RequestTrace.ATTRIBUTE), lines);
			return Mono.empty();
		});
	}

	private static void run(ContextView context, @Nullable RequestTrace trace, Runnable lines) {
		if (trace == null || trace.sampled()) {
			try (ContextSnapshot.Scope scope = SNAPSHOTS.setThreadLocalsFrom(context)) {
				lines.run();
			}
			return;
		}
		String traceId = MDC.get(TRACE_ID);
		String spanId = MDC.get(SPAN_ID);
		MDC.put(TRACE_ID, trace.traceId());
		MDC.put(SPAN_ID, trace.spanId());
		try {
			lines.run();
		}
		finally {
			restore(TRACE_ID, traceId);
			restore(SPAN_ID, spanId);
		}
	}

	private static void restore(String key, @Nullable String value) {
		if (value != null) {
			MDC.put(key, value);
		}
		else {
			MDC.remove(key);
		}
	}

}
