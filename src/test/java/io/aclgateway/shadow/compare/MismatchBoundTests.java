package io.aclgateway.shadow.compare;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.data.Percentage.withPercentage;

/** The mismatch rate's 95 % upper bound is the exact Clopper-Pearson one. */
class MismatchBoundTests {

	/** Reference values: the beta distribution's 0.95 quantile, B(k + 1, n - k). */
	@ParameterizedTest
	@CsvSource({ "0, 1, 0.95", "0, 10, 0.2588655508930522", "0, 100, 0.029513049607039925",
			"0, 1000, 0.002991249545095295", "1, 10, 0.39416330243650466", "1, 100, 0.046559811453538935",
			"5, 10, 0.7775588989918706", "5, 100, 0.1022533776432745", "10, 1000, 0.016903175120562504",
			"50, 100, 0.5863782853690882", "99, 100, 0.9994871985837377", "0, 1000000, 2.9957277863525433e-06",
			"3, 1000000, 7.75363809884006e-06", "5000, 1000000, 0.0051175840516408605" })
	void isTheClopperPearsonBound(long mismatches, long comparisons, double expected) {
		assertThat(MismatchBound.upper95(mismatches, comparisons)).isCloseTo(expected, withPercentage(1e-5));
	}

	@Test
	void zeroMismatchesBoundTheRateAtAboutThreeOverN() {
		assertThat(MismatchBound.upper95(0, 3000)).isCloseTo(0.001, within(0.00001));
	}

	@Test
	void nothingComparedOrEverythingMismatchedBoundsAtOne() {
		assertThat(MismatchBound.upper95(0, 0)).isEqualTo(1.0);
		assertThat(MismatchBound.upper95(7, 7)).isEqualTo(1.0);
	}

	@Test
	void theBoundGrowsWithMismatchesAndShrinksWithComparisons() {
		for (int k = 0; k < 50; k++) {
			assertThat(MismatchBound.upper95(k + 1, 100)).isGreaterThan(MismatchBound.upper95(k, 100));
			assertThat(MismatchBound.upper95(k, 101)).isLessThan(MismatchBound.upper95(k, 100));
			assertThat(MismatchBound.upper95(k, 100)).isGreaterThan(k / 100.0);
		}
	}

	@Test
	void refusesImpossibleCounts() {
		assertThatIllegalArgumentException().isThrownBy(() -> MismatchBound.upper95(3, 2));
		assertThatIllegalArgumentException().isThrownBy(() -> MismatchBound.upper95(-1, 2));
	}

}
