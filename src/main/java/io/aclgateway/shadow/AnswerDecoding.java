package io.aclgateway.shadow;

import org.jspecify.annotations.Nullable;

/** A body as received turned into the bytes compared: its content coding undone. */
@FunctionalInterface
interface AnswerDecoding {

	/**
	 * The decoded body, at most {@code budget} bytes; throws when the coding is unknown,
	 * the body broken or the decoded body over the budget (the comparison is skipped).
	 */
	byte[] decode(@Nullable String contentEncoding, byte[] body, int budget);

	/**
	 * A body that cannot be compared: an unknown coding, broken, or over the budget
	 * decoded.
	 */
	final class NotComparable extends RuntimeException {

		private static final long serialVersionUID = 1L;

		NotComparable(String reason) {
			super(reason, null, false, false);
		}

	}

}
