package io.aclgateway.support;

import io.micrometer.context.ContextSnapshot;
import io.micrometer.context.ContextSnapshotFactory;
import reactor.core.publisher.Mono;

/**
 * Writes log lines with the request's trace id. Context propagation is "limited"
 * (application.yml): the trace is not put back into thread locals around every Reactor
 * operator, which cost a sixth of the routing throughput, so it is put back here, only
 * where a line is written.
 */
public final class TraceLogging {

	private static final ContextSnapshotFactory SNAPSHOTS = ContextSnapshotFactory.builder().build();

	private TraceLogging() {
	}

	/**
	 * Completes empty once {@code lines} have run with the subscriber's trace in the
	 * logging context.
	 */
	public static Mono<Void> write(Runnable lines) {
		return Mono.deferContextual(context -> {
			try (ContextSnapshot.Scope scope = SNAPSHOTS.setThreadLocalsFrom(context)) {
				lines.run();
			}
			return Mono.empty();
		});
	}

}
