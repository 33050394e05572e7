package io.aclgateway.routing.resilience;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedBulkheadMetrics;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;

import io.aclgateway.routing.proxy.UpstreamsProperties;
import io.aclgateway.routing.rules.Target;

/**
 * How many calls each upstream may have at once: a bulkhead for the calls waiting for their
 * response to start, and a limit on the responses that have started and are still being received
 * (streams), so that long-lived responses never starve the requests still waiting for an answer.
 * Places are tried, never awaited. Both are gauges per upstream: {@code acl_upstream_streams} and
 * resilience4j's {@code resilience4j_bulkhead_available_concurrent_calls} beside its maximum.
 */
final class UpstreamCapacity {

	private final Map<Target, Bulkhead> bulkheads = new EnumMap<>(Target.class);

	/** Responses that have started and not yet ended, per upstream. */
	private final Map<Target, AtomicInteger> streams = new EnumMap<>(Target.class);

	private final Map<Target, Integer> maxStreams = new EnumMap<>(Target.class);

	private final Map<Target, Duration> streamIdleTimeouts = new EnumMap<>(Target.class);

	UpstreamCapacity(UpstreamsProperties upstreams, MeterRegistry meters) {
		BulkheadRegistry registry = BulkheadRegistry.ofDefaults();
		for (Target target : Target.values()) {
			UpstreamsProperties.Upstream upstream = upstreams.of(target);
			bulkheads.put(target, registry.bulkhead(target.wireName(), BulkheadConfig.custom()
				.maxConcurrentCalls(upstream.maxConcurrentRequests())
				.maxWaitDuration(Duration.ZERO)
				.build()));
			AtomicInteger open = new AtomicInteger();
			streams.put(target, open);
			maxStreams.put(target, upstream.maxStreams());
			streamIdleTimeouts.put(target, upstream.streamIdleTimeout());
			Gauge.builder("acl.upstream.streams", open, AtomicInteger::get)
				.description("Responses from the upstream that have started and are still being received")
				.tag("target", target.wireName())
				.register(meters);
		}
		TaggedBulkheadMetrics.ofBulkheadRegistry(registry).bindTo(meters);
	}

	/** Whether {@code target} has as many open streams as it may: a started response cannot be refused any more. */
	boolean streamsFull(Target target) {
		return streams.get(target).get() >= maxStreams.get(target);
	}

	/** A hold on a bulkhead place of {@code target}, or {@code null} when all are taken. */
	@Nullable UpstreamHold tryHold(Target target) {
		Bulkhead bulkhead = bulkheads.get(target);
		if (!bulkhead.tryAcquirePermission()) {
			return null;
		}
		return new UpstreamHold(bulkhead, streams.get(target), streamIdleTimeouts.get(target));
	}

}
