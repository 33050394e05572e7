package io.aclgateway.shadow;

import org.jspecify.annotations.Nullable;

import io.aclgateway.shadow.compare.Answer;

/** How one shadow read of an upstream ended. */
sealed interface LegResult {

	/** Not sent: the upstream's shadow reads in flight were at their limit. */
	record Refused() implements LegResult {
	}

	/** Sent, and no answer came: refused connection, timeout, a cut response. */
	record Failed(Throwable error) implements LegResult {
	}

	/** Answered, with a body longer than the budget: nothing to compare. */
	record OverBudget(int status) implements LegResult {
	}

	/**
	 * Answered in full within the budget; the body as received, with its
	 * {@code Content-Encoding}.
	 */
	record Answered(int status, @Nullable String contentEncoding, byte[] body) implements LegResult {

		/** Whether the upstream answered with a server error. */
		boolean serverError() {
			return status >= 500;
		}

		Answer answer(byte[] decoded) {
			return new Answer(status, decoded);
		}

	}

}
