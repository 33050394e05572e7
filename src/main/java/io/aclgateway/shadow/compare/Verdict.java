package io.aclgateway.shadow.compare;

import java.util.List;

/**
 * What one legacy-to-Falcon comparison means once noise is taken into account:
 * {@link ShadowOutcome#MATCH}, {@link ShadowOutcome#MISMATCH} (with the fields clearly
 * above their noise) or {@link ShadowOutcome#NOISE} (every differing field is one legacy
 * varies in itself).
 */
public record Verdict(ShadowOutcome outcome, List<FieldDifference> significant) {

	public Verdict {
		significant = List.copyOf(significant);
	}

}
