package io.aclgateway.routing.resilience;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.jspecify.annotations.Nullable;

import io.aclgateway.routing.proxy.UpstreamsProperties;
import io.aclgateway.routing.rules.Target;
import io.aclgateway.support.CountBasedBreakers;

/**
 * The circuit breaker of each upstream, named after its target in the shared registry. A
 * call's outcome is taken when its response starts (status and time to first byte), so
 * long streams neither count as slow nor hold the breaker.
 */
final class UpstreamBreakers {

	private final Map<Target, CircuitBreaker> breakers = new EnumMap<>(Target.class);

	private final Map<Target, Duration> openDurations = new EnumMap<>(Target.class);

	UpstreamBreakers(UpstreamsProperties upstreams, CircuitBreakerRegistry registry) {
		for (Target target : Target.values()) {
			UpstreamsProperties.Breaker breaker = upstreams.of(target).circuitBreaker();
			breakers.put(target, registry.circuitBreaker(target.wireName(), config(breaker)));
			openDurations.put(target, breaker.openDuration());
		}
	}

	private static CircuitBreakerConfig config(UpstreamsProperties.Breaker breaker) {
		return CountBasedBreakers
			.config(breaker.windowSize(), breaker.minimumCalls(), breaker.failureRateThreshold(),
					breaker.openDuration(), breaker.halfOpenCalls())
			.slowCallDurationThreshold(breaker.slowCallDuration())
			.slowCallRateThreshold(breaker.slowCallRateThreshold())
			.recordException(error -> true)
			.build();
	}

	/**
	 * A permit for one call to {@code target}, or {@code null} while its breaker refuses
	 * calls.
	 */
	@Nullable BreakerPermit tryAcquire(Target target) {
		return BreakerPermit.tryAcquire(breaker(target), System::nanoTime);
	}

	/** How long {@code target}'s breaker stays open: the client's {@code Retry-After}. */
	Duration openDuration(Target target) {
		return Objects.requireNonNull(openDurations.get(target), "a breaker per target");
	}

	CircuitBreaker breaker(Target target) {
		return Objects.requireNonNull(breakers.get(target), "a breaker per target");
	}

}
