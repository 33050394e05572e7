package io.aclgateway.routing.resilience;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Caps retries at a share of the traffic, so that retries cannot multiply the load on an
 * upstream that is failing: each request earns a fraction of a retry, each retry spends
 * one, and a small reserve lets a quiet gateway still retry the odd failure.
 */
final class RetryBudget {

	private static final long ONE_RETRY = 1_000;

	private final long earnedPerRequest;

	private final long reserve;

	private final AtomicLong balance;

	/**
	 * @param ratio retries allowed per request on average, for example 0.2
	 * @param reserve retries that can be spent at once without earning them first
	 */
	RetryBudget(double ratio, int reserve) {
		if (ratio < 0 || ratio > 1 || reserve < 0) {
			throw new IllegalArgumentException("ratio must be 0..1 and reserve not negative");
		}
		this.earnedPerRequest = Math.round(ratio * ONE_RETRY);
		this.reserve = reserve * ONE_RETRY;
		this.balance = new AtomicLong(this.reserve);
	}

	/** One request's share of a retry, up to the reserve. */
	void deposit() {
		balance.getAndUpdate(current -> Math.min(reserve, current + earnedPerRequest));
	}

	/** Spends one retry if the balance holds one; never waits. */
	boolean tryWithdraw() {
		long before = balance.getAndUpdate(current -> (current >= ONE_RETRY) ? current - ONE_RETRY : current);
		return before >= ONE_RETRY;
	}

}
