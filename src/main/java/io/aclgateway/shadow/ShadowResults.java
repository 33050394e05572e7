package io.aclgateway.shadow;

/**
 * Where every shadow comparison's end is told: the metrics and the
 * {@code /actuator/shadow} view (shadow.md section 3).
 */
public interface ShadowResults {

	/** One comparison ended (a recheck is a comparison of its own). */
	void record(ShadowResult result);

}
