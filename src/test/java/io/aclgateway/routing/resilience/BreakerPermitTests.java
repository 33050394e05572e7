package io.aclgateway.routing.resilience;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A breaker permit is completed by exactly one outcome, whoever completes it and however
 * often.
 */
class BreakerPermitTests {

	private final AtomicLong now = new AtomicLong();

	private static CircuitBreaker breaker() {
		return CircuitBreaker.of("test",
				CircuitBreakerConfig.custom()
					.slidingWindowSize(100)
					.minimumNumberOfCalls(100)
					.slowCallDurationThreshold(Duration.ofSeconds(1))
					.permittedNumberOfCallsInHalfOpenState(1)
					.build());
	}

	@Test
	void aSuccessIsCountedOnceTimedFromTheAcquisition() {
		CircuitBreaker breaker = breaker();
		now.set(10_000_000_000L);
		BreakerPermit permit = BreakerPermit.tryAcquire(breaker, now::get);
		now.addAndGet(Duration.ofSeconds(2).toNanos());

		assertThat(permit.succeeded()).isTrue();
		assertThat(permit.succeeded()).isFalse();
		assertThat(permit.failed(new RuntimeException())).isFalse();

		assertThat(breaker.getMetrics().getNumberOfSuccessfulCalls()).isEqualTo(1);
		assertThat(breaker.getMetrics().getNumberOfSlowSuccessfulCalls()).isEqualTo(1);
		assertThat(breaker.getMetrics().getNumberOfFailedCalls()).isZero();
	}

	@Test
	void aFailureIsCountedOnceAndAnyLaterOutcomeIsIgnored() {
		CircuitBreaker breaker = breaker();
		BreakerPermit permit = BreakerPermit.tryAcquire(breaker, now::get);

		assertThat(permit.failed(new RuntimeException("down"))).isTrue();
		assertThat(permit.succeeded()).isFalse();
		assertThat(permit.releasedUnused()).isFalse();

		assertThat(breaker.getMetrics().getNumberOfFailedCalls()).isEqualTo(1);
		assertThat(breaker.getMetrics().getNumberOfBufferedCalls()).isEqualTo(1);
	}

	@Test
	void anUnusedPermitIsGivenBackOnceSoAHalfOpenBreakerLetsOnlyOneTrialThrough() {
		CircuitBreaker breaker = breaker();
		breaker.transitionToOpenState();
		breaker.transitionToHalfOpenState();
		BreakerPermit permit = BreakerPermit.tryAcquire(breaker, now::get);
		assertThat(BreakerPermit.tryAcquire(breaker, now::get)).as("second trial while the first runs").isNull();

		assertThat(permit.releasedUnused()).isTrue();
		assertThat(permit.releasedUnused()).isFalse();

		// Given back once, the one trial place is free once: a second release would have
		// freed two.
		assertThat(BreakerPermit.tryAcquire(breaker, now::get)).isNotNull();
		assertThat(BreakerPermit.tryAcquire(breaker, now::get)).isNull();
		assertThat(breaker.getMetrics().getNumberOfBufferedCalls()).isZero();
	}

	@Test
	void aRefusingBreakerGivesNoPermit() {
		CircuitBreaker breaker = breaker();
		breaker.transitionToOpenState();

		assertThat(BreakerPermit.tryAcquire(breaker, now::get)).isNull();
	}

	@Test
	void outcomesRacingFromManyThreadsCompleteThePermitExactlyOnce() throws Exception {
		ExecutorService threads = Executors.newFixedThreadPool(6);
		try {
			for (int round = 0; round < 200; round++) {
				CircuitBreaker breaker = breaker();
				BreakerPermit permit = BreakerPermit.tryAcquire(breaker, now::get);
				CountDownLatch go = new CountDownLatch(1);
				List<Future<Boolean>> outcomes = new ArrayList<>();
				for (int t = 0; t < 6; t++) {
					int kind = t % 3;
					outcomes.add(threads.submit(() -> {
						go.await();
						return switch (kind) {
							case 0 -> permit.succeeded();
							case 1 -> permit.failed(new RuntimeException());
							default -> permit.releasedUnused();
						};
					}));
				}
				go.countDown();
				int winners = 0;
				for (Future<Boolean> outcome : outcomes) {
					winners += outcome.get() ? 1 : 0;
				}

				assertThat(winners).as("round " + round).isEqualTo(1);
				assertThat(breaker.getMetrics().getNumberOfBufferedCalls()).as("round " + round).isLessThanOrEqualTo(1);
			}
		}
		finally {
			threads.shutdownNow();
		}
	}

}
