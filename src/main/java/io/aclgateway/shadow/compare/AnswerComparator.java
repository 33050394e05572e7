package io.aclgateway.shadow.compare;

import io.aclgateway.routing.rules.ShadowComparison;

/**
 * Compares a legacy and a Falcon answer as a shadow rule's {@code compare} says: the
 * resource each pointer names, ignored patterns left out, unordered arrays as multisets,
 * status classes when asked. Pure and bounded by the bodies' size.
 */
public final class AnswerComparator {

	/** Compares; a body that is not JSON is compared byte for byte as one field "". */
	public Comparison compare(ShadowComparison spec, Answer legacy, Answer falcon) {
		// TODO(shadow-compare)
		return new Comparison(java.util.List.of());
	}

}
