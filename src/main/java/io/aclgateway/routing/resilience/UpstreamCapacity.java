package io.aclgateway.routing.resilience;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
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
 * How many calls each upstream may have at once: a bulkhead for the calls waiting for
 * their response to start, and a limit on the responses that have started and are still
 * being received (streams), so that long-lived responses never starve the requests still
 * waiting for an answer. Places are tried, never awaited. Both are gauges per upstream:
 * {@code acl_upstream_streams} and resilience4j's
 * {@code resilience4j_bulkhead_available_concurrent_calls} beside its maximum.
 */
final class UpstreamCapacity {

	/**
	 * One upstream's places: its bulkhead, and its responses that have started and not
	 * yet ended.
	 */
	private record Places(Bulkhead bulkhead, AtomicInteger streams, int maxStreams, Duration streamIdleTimeout) {
	}

	/** Filled for every target in the constructor. */
	private final Map<Target, Places> places = new EnumMap<>(Target.class);

	UpstreamCapacity(UpstreamsProperties upstreams, MeterRegistry meters) {
		BulkheadRegistry registry = BulkheadRegistry.ofDefaults();
		for (Target target : Target.values()) {
			UpstreamsProperties.Upstream upstream = upstreams.of(target);
			Bulkhead bulkhead = registry.bulkhead(target.wireName(),
					BulkheadConfig.custom()
						.maxConcurrentCalls(upstream.maxConcurrentRequests())
						.maxWaitDuration(Duration.ZERO)
						.build());
			AtomicInteger open = new AtomicInteger();
			places.put(target, new Places(bulkhead, open, upstream.maxStreams(), upstream.streamIdleTimeout()));
			Gauge.builder("acl.upstream.streams", open, AtomicInteger::get)
				.description("Responses from the upstream that have started and are still being received")
				.tag("target", target.wireName())
				.register(meters);
		}
		TaggedBulkheadMetrics.ofBulkheadRegistry(registry).bindTo(meters);
	}

	/**
	 * Whether {@code target} has as many open streams as it may: a started response
	 * cannot be refused any more.
	 */
	boolean streamsFull(Target target) {
		Places of = places(target);
		return of.streams().get() >= of.maxStreams();
	}

	/**
	 * A hold on a bulkhead place of {@code target}, or {@code null} when all are taken.
	 */
	@Nullable UpstreamHold tryHold(Target target) {
		Places of = places(target);
		if (!of.bulkhead().tryAcquirePermission()) {
			return null;
		}
		return new UpstreamHold(of.bulkhead(), of.streams(), of.streamIdleTimeout());
	}

	private Places places(Target target) {
		return Objects.requireNonNull(places.get(target), "places for every target");
	}

}
