package io.aclgateway.support;

import java.time.Duration;

import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;

/**
 * The one shape of the gateway's circuit breakers (upstreams, queue): a count-based
 * window that opens on a failure rate and half-opens by itself after a wait. Callers add
 * what is their own (slow calls, which errors count) to the builder returned.
 */
public final class CountBasedBreakers {

	private CountBasedBreakers() {
	}

	/**
	 * A breaker config builder over the last {@code windowSize} calls, counting once
	 * {@code minimumCalls} were made, open at {@code failureRateThreshold} percent for
	 * {@code openDuration}, then letting {@code halfOpenCalls} trial calls through.
	 */
	public static CircuitBreakerConfig.Builder config(int windowSize, int minimumCalls, float failureRateThreshold,
			Duration openDuration, int halfOpenCalls) {
		return CircuitBreakerConfig.custom()
			.slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
			.slidingWindowSize(windowSize)
			.minimumNumberOfCalls(minimumCalls)
			.failureRateThreshold(failureRateThreshold)
			.waitDurationInOpenState(openDuration)
			.permittedNumberOfCallsInHalfOpenState(halfOpenCalls)
			.automaticTransitionFromOpenToHalfOpenEnabled(true);
	}

}
