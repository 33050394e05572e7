package io.aclgateway.shadow.compare;

import java.util.Locale;

/** How one shadow comparison ended (shadow.md section 2): exactly one per comparison. */
public enum ShadowOutcome {

	MATCH, MISMATCH, LAGGING, CONVERGED, NOISE, FALCON_ERROR, SKIPPED;

	/** The name in metrics and views ({@code falcon_error}). */
	public String wireName() {
		return name().toLowerCase(Locale.ROOT);
	}

}
