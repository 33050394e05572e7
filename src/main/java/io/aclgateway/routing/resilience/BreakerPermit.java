package io.aclgateway.routing.resilience;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.jspecify.annotations.Nullable;

/**
 * One call's permission from a circuit breaker, completed by exactly one outcome: it
 * succeeded, it failed, or it was not used (the client left, or the fault was the
 * client's). Whichever completes it first is the outcome; every later completion, from
 * any thread, does nothing. A permit never completed would hold a half-open breaker's
 * trial call for ever, and one completed twice would count one call as two.
 */
final class BreakerPermit {

	private final CircuitBreaker breaker;

	private final LongSupplier nanoTime;

	private final long acquiredAt;

	private final AtomicBoolean completed = new AtomicBoolean();

	private BreakerPermit(CircuitBreaker breaker, LongSupplier nanoTime) {
		this.breaker = breaker;
		this.nanoTime = nanoTime;
		this.acquiredAt = nanoTime.getAsLong();
	}

	/** A permit, or {@code null} when the breaker refuses the call; never waits. */
	static @Nullable BreakerPermit tryAcquire(CircuitBreaker breaker, LongSupplier nanoTime) {
		return breaker.tryAcquirePermission() ? new BreakerPermit(breaker, nanoTime) : null;
	}

	/**
	 * The call succeeded, timed from the permit; {@code false} if an outcome was already
	 * given.
	 */
	boolean succeeded() {
		if (!complete()) {
			return false;
		}
		breaker.onSuccess(nanoTime.getAsLong() - acquiredAt, TimeUnit.NANOSECONDS);
		return true;
	}

	/**
	 * The call failed with {@code error}, timed from the permit; {@code false} if an
	 * outcome was already given.
	 */
	boolean failed(Throwable error) {
		if (!complete()) {
			return false;
		}
		breaker.onError(nanoTime.getAsLong() - acquiredAt, TimeUnit.NANOSECONDS, error);
		return true;
	}

	/**
	 * The call has no outcome to count: the permit goes back; {@code false} if an outcome
	 * was already given.
	 */
	boolean releasedUnused() {
		if (!complete()) {
			return false;
		}
		breaker.releasePermission();
		return true;
	}

	private boolean complete() {
		return completed.compareAndSet(false, true);
	}

}
