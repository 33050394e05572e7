package io.aclgateway.support;

/**
 * Told of each answer a server writes before a request reaches Spring (the codec's 431,
 * 414 and 400, the 408 of a head that did not arrive in time), so that they are counted
 * with the gateway's other own answers.
 */
@FunctionalInterface
public interface CodecAnswers {

	/** Counts nothing: the management server's answers are not the proxy's. */
	CodecAnswers NONE = code -> {
	};

	/** One answer was written, with this {@code code} in its body. */
	void answered(String code);

}
