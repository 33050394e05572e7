package io.aclgateway.shadow.compare;

/**
 * The 95 % upper bound of a rule's mismatch rate from its counts (shadow.md section 3;
 * zero mismatches in n comparisons bound it at about 3/n).
 */
public final class MismatchBound {

	private MismatchBound() {
	}

	/** The bound, 0..1; 1 when nothing was compared. */
	public static double upper95(long mismatches, long comparisons) {
		// TODO(shadow-compare): exact (Clopper-Pearson) or Wilson; 1 - 0.05^(1/n) at 0
		return (comparisons == 0) ? 1.0 : Math.min(1.0, (mismatches + 3.0) / comparisons);
	}

}
