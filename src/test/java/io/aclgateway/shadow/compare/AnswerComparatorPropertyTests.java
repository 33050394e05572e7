package io.aclgateway.shadow.compare;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import io.aclgateway.routing.rules.ShadowComparison;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

/** What holds for every pair of answers, on random JSON documents. */
class AnswerComparatorPropertyTests {

	private static final ShadowComparison WHOLE = ShadowComparison.WHOLE_BODIES;

	private final AnswerComparator comparator = new AnswerComparator();

	@Test
	void anAnswerMatchesItselfWhateverTheOrderOfItsKeys() {
		qt().withExamples(500).forAll(longs().all()).checkAssert((seed) -> {
			Document document = Document.random(seed);
			assertThat(compare(WHOLE, document.json(), document.shuffledKeys(seed + 1)).differences()).isEmpty();
		});
	}

	@Test
	void unorderedArraysMatchUnderAnyPermutation() {
		qt().withExamples(500).forAll(longs().all()).checkAssert((seed) -> {
			Random random = new Random(seed);
			List<String> elements = new ArrayList<>();
			for (int i = random.nextInt(12); i > 0; i--) {
				elements.add(Document.random(random.nextLong()).json());
				if (random.nextInt(4) == 0) {
					elements.add(elements.get(random.nextInt(elements.size())));
				}
			}
			List<String> permuted = new ArrayList<>(elements);
			Collections.shuffle(permuted, random);
			ShadowComparison unordered = AnswerComparatorTests.spec("", "", List.of(), List.of("/list"));
			String legacy = "{\"list\":[" + String.join(",", elements) + "]}";
			String falcon = "{\"list\":[" + String.join(",", permuted) + "]}";
			assertThat(compare(unordered, legacy, falcon).matches()).isTrue();
			if (!elements.isEmpty()) {
				String fewer = "{\"list\":[" + String.join(",", permuted.subList(1, permuted.size())) + "]}";
				assertThat(compare(unordered, legacy, fewer).differences()).singleElement()
					.extracting(FieldDifference::field)
					.isEqualTo("/list");
			}
		});
	}

	@Test
	void aChangedLeafIsReportedAtExactlyItsPointerAndPattern() {
		qt().withExamples(500).forAll(longs().all()).checkAssert((seed) -> {
			Document document = Document.random(seed);
			if (document.leaves().isEmpty()) {
				return;
			}
			Random random = new Random(seed);
			int which = random.nextInt(document.leaves().size());
			Leaf leaf = document.leaves().get(which);
			Comparison comparison = compare(WHOLE, document.json(), document.withLeafChanged(which));
			assertThat(comparison.differences()).singleElement().satisfies((difference) -> {
				assertThat(difference.pointer()).isEqualTo(leaf.pointer());
				assertThat(difference.field()).isEqualTo(leaf.field());
				assertThat(difference.falcon()).isEqualTo("\"changed\"");
			});
		});
	}

	@Test
	void anyBytesCompareWithoutFailingAndWithinTheBudget() {
		qt().withExamples(1000).forAll(longs().all()).checkAssert((seed) -> {
			Random random = new Random(seed);
			byte[] legacy = new byte[random.nextInt(200)];
			random.nextBytes(legacy);
			byte[] falcon = (random.nextBoolean()) ? legacy.clone() : Document.random(seed).json().getBytes();
			Comparison comparison = this.comparator.compare(WHOLE, new Answer(200, legacy),
					new Answer(random.nextInt(600), falcon));
			assertThat(comparison.differences()).hasSizeLessThanOrEqualTo(AnswerComparator.MAX_DIFFERENCES + 1);
			comparison.differences().forEach((difference) -> {
				assertThat(difference.legacy()).hasSizeLessThanOrEqualTo(FieldDifference.MAX_VALUE_CHARS);
				assertThat(difference.falcon()).hasSizeLessThanOrEqualTo(FieldDifference.MAX_VALUE_CHARS);
			});
		});
	}

	private Comparison compare(ShadowComparison spec, String legacy, String falcon) {
		return this.comparator.compare(spec, new Answer(200, legacy.getBytes(StandardCharsets.UTF_8)),
				new Answer(200, falcon.getBytes(StandardCharsets.UTF_8)));
	}

	/**
	 * A leaf of a random document: its pointer and the field pattern it must be reported
	 * as.
	 */
	record Leaf(String pointer, String field) {
	}

	/**
	 * A random JSON document built from a seed: objects with name-like keys, arrays,
	 * strings, numbers, booleans and nulls, at most 5 deep.
	 */
	record Document(long seed) {

		private static final String[] KEYS = { "name", "members", "room", "a", "b", "seen", "x_y", "count" };

		static Document random(long seed) {
			return new Document(seed);
		}

		String json() {
			return build(-1, null);
		}

		List<Leaf> leaves() {
			List<Leaf> leaves = new ArrayList<>();
			build(-1, leaves);
			return leaves;
		}

		String withLeafChanged(int leaf) {
			return build(leaf, null);
		}

		/** The same document, its objects' keys in another order. */
		String shuffledKeys(long shuffleSeed) {
			return new Builder(this.seed, -1, null, new Random(shuffleSeed)).value("", "", 0);
		}

		private String build(int changed, List<Leaf> leaves) {
			return new Builder(this.seed, changed, leaves, null).value("", "", 0);
		}

		private static final class Builder {

			private final Random random;

			private final int changed;

			private final List<Leaf> leaves;

			private final Random shuffle;

			private int leaf;

			Builder(long seed, int changed, List<Leaf> leaves, Random shuffle) {
				this.random = new Random(seed);
				this.changed = changed;
				this.leaves = leaves;
				this.shuffle = shuffle;
			}

			String value(String pointer, String field, int depth) {
				int kind = this.random.nextInt((depth >= 5) ? 5 : 7);
				switch (kind) {
					case 5: {
						List<String> members = new ArrayList<>();
						List<String> keys = new ArrayList<>(List.of(KEYS));
						Collections.shuffle(keys, this.random);
						for (String key : keys.subList(0, this.random.nextInt(5))) {
							members.add("\"" + key + "\":" + value(pointer + "/" + key, field + "/" + key, depth + 1));
						}
						if (this.shuffle != null) {
							Collections.shuffle(members, this.shuffle);
						}
						return "{" + String.join(",", members) + "}";
					}
					case 6: {
						List<String> elements = new ArrayList<>();
						for (int i = this.random.nextInt(4); i > 0; i--) {
							elements.add(value(pointer + "/" + elements.size(), field + "/*", depth + 1));
						}
						return "[" + String.join(",", elements) + "]";
					}
					default:
						String scalar = switch (kind) {
							case 0 -> "\"s" + this.random.nextInt(100) + "\"";
							case 1 -> String.valueOf(this.random.nextInt(1000) - 500);
							case 2 -> this.random.nextInt(1000) / 8.0 + "";
							case 3 -> String.valueOf(this.random.nextBoolean());
							default -> "null";
						};
						if (this.leaves != null) {
							this.leaves.add(new Leaf(pointer, field));
						}
						return (this.leaf++ == this.changed) ? "\"changed\"" : scalar;
				}
			}

		}

	}

}
