package io.aclgateway.support;

import java.time.Duration;

/**
 * The {@code Retry-After} header of the gateway's own answers, in whole seconds: never 0,
 * which clients read as "at once" and would turn into a retry storm.
 */
public final class RetryAfter {

	public static final String HEADER = "Retry-After";

	private RetryAfter() {
	}

	/**
	 * The header's value for a wait of {@code wait}: its seconds, rounded down, at least
	 * 1.
	 */
	public static String seconds(Duration wait) {
		return Long.toString(Math.max(1, wait.toSeconds()));
	}

}
