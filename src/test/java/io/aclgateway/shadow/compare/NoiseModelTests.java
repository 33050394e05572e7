package io.aclgateway.shadow.compare;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import io.aclgateway.routing.rules.ShadowComparison;

import static org.assertj.core.api.Assertions.assertThat;

/** Falcon differences are told from legacy's own noise, field by field. */
class NoiseModelTests {

	private static final ShadowComparison WHOLE = ShadowComparison.WHOLE_BODIES;

	private final AnswerComparator comparator = new AnswerComparator();

	private final Random random = new Random(14);

	/**
	 * Legacy answers with a random request id and timestamps; Falcon the same, with one
	 * field changed: after learning from second legacy reads, only that field is
	 * reported.
	 */
	@Test
	void aChangedFieldIsAMismatchAndLegacysOwnVariationIsNoise() {
		NoiseModel model = new NoiseModel();
		for (int i = 0; i < 20; i++) {
			model.learnNoise(compare(legacy("Blue room"), legacy("Blue room")));
		}
		Verdict changed = model.judge(compare(legacy("Blue room"), legacy("Green room")));
		assertThat(changed.outcome()).isEqualTo(ShadowOutcome.MISMATCH);
		assertThat(changed.significant()).extracting(FieldDifference::field).containsExactly("/name");
		for (int i = 0; i < 20; i++) {
			assertThat(model.judge(compare(legacy("Blue room"), legacy("Blue room"))).outcome())
				.isEqualTo(ShadowOutcome.NOISE);
		}
		assertThat(model.judge(compare(legacy("Blue room"), legacy("Blue room"))).significant()).isEmpty();
		assertThat(model.judge(compare(legacy("Blue room"), legacy("Red room"))).significant())
			.extracting(FieldDifference::field)
			.containsExactly("/name");
		assertThat(model.noiseRate("/request_id")).isEqualTo(1.0);
		assertThat(model.noiseRate("/name")).isZero();
	}

	@Test
	void nothingDifferentIsAMatch() {
		assertThat(new NoiseModel().judge(new Comparison(List.of())))
			.isEqualTo(new Verdict(ShadowOutcome.MATCH, List.of()));
	}

	@Test
	void beforeAnyNoiseSampleEveryDifferenceIsSignificant() {
		NoiseModel model = new NoiseModel();
		assertThat(model.judge(differing("/request_id")).outcome()).isEqualTo(ShadowOutcome.MISMATCH);
	}

	@Test
	void duringWarmUpAFieldIsNoiseOnlyIfLegacyVariedInItInEverySample() {
		NoiseModel model = new NoiseModel();
		model.learnNoise(differing("/request_id", "/updated_at"));
		assertThat(model.judge(differing("/request_id")).outcome()).isEqualTo(ShadowOutcome.NOISE);
		model.learnNoise(differing("/request_id"));
		assertThat(model.judge(differing("/request_id")).outcome()).isEqualTo(ShadowOutcome.NOISE);
		assertThat(model.judge(differing("/updated_at")).outcome()).isEqualTo(ShadowOutcome.MISMATCH);
	}

	/** After warm-up: Diffy's rule, both margins must be cleared. */
	@Test
	void aFieldIsSignificantOnlyWhenItClearsBothMargins() {
		// noise rate 0.5; Falcon differs in every comparison: 1.0 - 0.5 > 0.05 and 0.5 /
		// 1.5 > 0.2
		assertThat(judgeAfter(10, 20, 1, 1)).isEqualTo(ShadowOutcome.MISMATCH);
		// noise 0.5, Falcon 0.5: as often as legacy itself
		assertThat(judgeAfter(10, 20, 1, 2)).isEqualTo(ShadowOutcome.NOISE);
		// noise 0.5, Falcon 0.7: 0.2 above, but 0.2 / 1.2 < 0.2 (the relative margin
		// holds it)
		assertThat(judgeAfter(10, 20, 7, 10)).isEqualTo(ShadowOutcome.NOISE);
		// noise 0.5, Falcon 0.8: 0.3 / 1.3 > 0.2
		assertThat(judgeAfter(10, 20, 8, 10)).isEqualTo(ShadowOutcome.MISMATCH);
		// noise 0.02, Falcon 0.05: 0.03 / 0.07 > 0.2, but 0.03 < 0.05 (the absolute
		// margin holds it)
		assertThat(judgeAfter(1, 50, 1, 20)).isEqualTo(ShadowOutcome.NOISE);
		// noise 0.02, Falcon 0.1: both margins cleared
		assertThat(judgeAfter(1, 50, 2, 20)).isEqualTo(ShadowOutcome.MISMATCH);
	}

	@Test
	void theMarginsAreTheModelsOwn() {
		NoiseModel strict = new NoiseModel(new NoiseMargins(0.0, 0.0, 10, 1000));
		learn(strict, 10, 20);
		strict.judge(new Comparison(List.of()));
		strict.judge(new Comparison(List.of()));
		// noise 0.5, Falcon 0.6: any excess counts
		for (int i = 0; i < 3; i++) {
			strict.judge(differing("/x"));
		}
		assertThat(strict.judge(differing("/x")).outcome()).isEqualTo(ShadowOutcome.MISMATCH);
	}

	@Test
	void aFieldBeyondTheTrackedOnesHasNoNoiseAndIsSignificant() {
		NoiseModel model = new NoiseModel(new NoiseMargins(0.05, 0.2, 1, 2));
		model.learnNoise(differing("/a", "/b", "/c"));
		assertThat(model.judge(differing("/a", "/b")).outcome()).isEqualTo(ShadowOutcome.NOISE);
		assertThat(model.judge(differing("/c")).significant()).extracting(FieldDifference::field).containsExactly("/c");
		assertThat(model.noiseRate("/c")).isZero();
	}

	@Test
	void aComparisonCutShortBeforeAnyDifferenceIsSkippedAndNotLearned() {
		NoiseModel model = new NoiseModel();
		assertThat(model.judge(new Comparison(List.of(), false)).outcome()).isEqualTo(ShadowOutcome.SKIPPED);
		model.learnNoise(new Comparison(List.of(difference("/request_id")), false));
		assertThat(model.noiseSamples()).isZero();
		assertThat(model.falconRate("/request_id")).isZero();
		assertThat(model.judge(new Comparison(List.of(difference("/n")), false)).outcome())
			.isEqualTo(ShadowOutcome.MISMATCH);
	}

	@Test
	void aFieldDifferingTwiceInOneComparisonCountsOnce() {
		NoiseModel model = new NoiseModel();
		model.judge(differing("/items/*/n", "/items/*/n"));
		model.judge(new Comparison(List.of()));
		assertThat(model.falconRate("/items/*/n")).isEqualTo(0.5);
	}

	@Test
	void countsFromManyThreadsAreAllKept() throws Exception {
		NoiseModel model = new NoiseModel();
		ExecutorService pool = Executors.newFixedThreadPool(4);
		try {
			List<Future<?>> done = new ArrayList<>();
			for (int t = 0; t < 4; t++) {
				done.add(pool.submit(() -> IntStream.range(0, 2000).forEach((i) -> {
					model.learnNoise(differing("/x"));
					model.judge(differing("/y"));
				})));
			}
			for (Future<?> future : done) {
				future.get();
			}
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(model.noiseSamples()).isEqualTo(8000);
		assertThat(model.noiseRate("/x")).isEqualTo(1.0);
		assertThat(model.falconRate("/y")).isEqualTo(1.0);
	}

	/**
	 * Learns noise in {@code noisy} of {@code samples} for field /x, then judges
	 * comparisons until Falcon differed in /x in {@code falconDiffering} of
	 * {@code comparisons} (the last one differing), and returns the last verdict.
	 */
	private static ShadowOutcome judgeAfter(int noisy, int samples, int falconDiffering, int comparisons) {
		NoiseModel model = new NoiseModel();
		learn(model, noisy, samples);
		for (int i = 0; i < comparisons - falconDiffering; i++) {
			model.judge(new Comparison(List.of()));
		}
		Verdict last = null;
		for (int i = 0; i < falconDiffering; i++) {
			last = model.judge(differing("/x"));
		}
		return last.outcome();
	}

	private static void learn(NoiseModel model, int noisy, int samples) {
		for (int i = 0; i < samples; i++) {
			model.learnNoise((i < noisy) ? differing("/x") : new Comparison(List.of()));
		}
	}

	private static Comparison differing(String... fields) {
		return new Comparison(List.of(fields).stream().map(NoiseModelTests::difference).toList());
	}

	private static FieldDifference difference(String field) {
		return new FieldDifference(field, field, "1", "2");
	}

	private Comparison compare(String legacy, String falcon) {
		return this.comparator.compare(WHOLE, AnswerComparatorTests.answer(200, legacy),
				AnswerComparatorTests.answer(200, falcon));
	}

	/**
	 * A room as legacy answers it: random request id and timestamps, fixed name and
	 * members.
	 */
	private String legacy(String name) {
		return "{\"request_id\":\"" + new UUID(this.random.nextLong(), this.random.nextLong()) + "\",\"updated_at\":"
				+ (1_700_000_000L + this.random.nextInt(1000)) + ",\"room\":{\"name\":\"x\",\"seen_at\":"
				+ this.random.nextInt() + "},\"name\":\"" + name + "\",\"members\":[1,2,3]}";
	}

}
