package io.aclgateway.shadow.compare;

/**
 * How far above its noise a field's Falcon-difference rate must be to count (after
 * Diffy's relative and absolute thresholds), how many noise samples make the learned
 * noise rates trusted, and how many fields one rule tracks.
 *
 * @param absolute the least difference between a field's Falcon rate and its noise rate,
 * as a share of comparisons (0.05: five percentage points)
 * @param relative the least relative difference {@code (falcon - noise) / (falcon +
 * noise)} (0.2, Diffy's default 20 %; it means Falcon's rate is at least 1.5 times the
 * noise rate)
 * @param minNoiseSamples noise samples before the learned rates are trusted (10)
 * @param maxFields fields tracked per rule (1,000)
 */
public record NoiseMargins(double absolute, double relative, int minNoiseSamples, int maxFields) {

	/** The defaults: 5 points, 20 %, 10 samples, 1,000 fields. */
	public static final NoiseMargins DEFAULTS = new NoiseMargins(0.05, 0.2, 10, 1000);

	public NoiseMargins {
		if (!(absolute >= 0 && absolute < 1) || !(relative >= 0 && relative < 1)) {
			throw new IllegalArgumentException(
					"absolute and relative margins must be in [0, 1), got " + absolute + " and " + relative);
		}
		if (minNoiseSamples < 0 || maxFields < 1) {
			throw new IllegalArgumentException(
					"minNoiseSamples must be >= 0 and maxFields >= 1, got " + minNoiseSamples + " and " + maxFields);
		}
	}

}
