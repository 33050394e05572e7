package io.aclgateway.shadow.compare;

/**
 * What one shadow rule has learned about its fields: how often legacy disagrees with
 * itself (from second legacy reads) and how often Falcon differs from legacy, per field;
 * a field is a Falcon difference only when its rate is clearly above its own noise
 * (relative and absolute margins, after Diffy). Safe to share between threads.
 */
public final class NoiseModel {

	/** Learns from a comparison of two legacy answers to the same request. */
	public void learnNoise(Comparison legacyWithItself) {
		// TODO(shadow-compare)
	}

	/** Learns from a legacy-to-Falcon comparison, and judges it. */
	public Verdict judge(Comparison legacyWithFalcon) {
		// TODO(shadow-compare)
		return new Verdict(legacyWithFalcon.matches() ? ShadowOutcome.MATCH : ShadowOutcome.MISMATCH,
				legacyWithFalcon.differences());
	}

}
