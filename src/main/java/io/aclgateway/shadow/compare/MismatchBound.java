package io.aclgateway.shadow.compare;

/**
 * The 95 % upper bound of a rule's mismatch rate from its counts (shadow.md section 3):
 * the exact one-sided Clopper-Pearson bound, so zero mismatches in n comparisons bound it
 * at 1 - 0.05^(1/n), about 3/n.
 */
public final class MismatchBound {

	private static final double ALPHA = 0.05;

	private MismatchBound() {
	}

	/**
	 * The bound, 0..1: the largest mismatch rate p under which seeing at most
	 * {@code mismatches} in {@code comparisons} still has a 5 % chance; 1 when nothing
	 * was compared or everything mismatched.
	 */
	public static double upper95(long mismatches, long comparisons) {
		if (mismatches < 0 || comparisons < 0 || mismatches > comparisons) {
			throw new IllegalArgumentException(
					"mismatches must be 0.." + comparisons + " and comparisons >= 0, got " + mismatches);
		}
		if (comparisons == 0 || mismatches == comparisons) {
			return 1.0;
		}
		if (mismatches == 0) {
			// 1 - alpha^(1/n), written so that it keeps its digits when n is large
			return -Math.expm1(Math.log(ALPHA) / comparisons);
		}
		// P(X <= k | n, p) falls as p rises: bisect for the p where it is alpha
		double k = mismatches;
		double n = comparisons;
		double low = k / n;
		double high = 1.0;
		for (int i = 0; i < 200 && high - low > 1e-15; i++) {
			double p = (low + high) / 2;
			if (binomialCdf(k, n, p) > ALPHA) {
				low = p;
			}
			else {
				high = p;
			}
		}
		return high;
	}

	/**
	 * P(X <= k) for X ~ Binomial(n, p), as the regularized incomplete beta I_{1-p}(n-k,
	 * k+1).
	 */
	private static double binomialCdf(double k, double n, double p) {
		return regularizedBeta(1 - p, n - k, k + 1);
	}

	private static double regularizedBeta(double x, double a, double b) {
		if (x <= 0) {
			return 0;
		}
		if (x >= 1) {
			return 1;
		}
		double front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log1p(-x));
		if (x < (a + 1) / (a + b + 2)) {
			return front * continuedFraction(x, a, b) / a;
		}
		return 1 - front * continuedFraction(1 - x, b, a) / b;
	}

	/** The incomplete beta's continued fraction, by the modified Lentz method. */
	private static double continuedFraction(double x, double a, double b) {
		double tiny = 1e-300;
		double c = 1;
		double d = 1 - (a + b) * x / (a + 1);
		d = 1 / ((Math.abs(d) < tiny) ? tiny : d);
		double h = d;
		for (int m = 1; m <= 100_000; m++) {
			double even = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m));
			d = 1 + even * d;
			d = 1 / ((Math.abs(d) < tiny) ? tiny : d);
			c = 1 + even / c;
			c = (Math.abs(c) < tiny) ? tiny : c;
			h *= d * c;
			double odd = -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1));
			d = 1 + odd * d;
			d = 1 / ((Math.abs(d) < tiny) ? tiny : d);
			c = 1 + odd / c;
			c = (Math.abs(c) < tiny) ? tiny : c;
			double step = d * c;
			h *= step;
			if (Math.abs(step - 1) < 1e-15) {
				break;
			}
		}
		return h;
	}

	private static final double[] LANCZOS = { 0.99999999999980993, 676.5203681218851, -1259.1392167224028,
			771.32342877765313, -176.61503916999185, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
			1.5056327351493116e-7 };

	/** ln Γ(x) for x >= 1 (Lanczos, g = 7). */
	private static double logGamma(double x) {
		double z = x - 1;
		double sum = LANCZOS[0];
		for (int i = 1; i < LANCZOS.length; i++) {
			sum += LANCZOS[i] / (z + i);
		}
		double t = z + 7.5;
		return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
	}

}
