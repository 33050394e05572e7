package io.aclgateway.routing.rules;

import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.strings;

/**
 * Pointer patterns of shadow rules match as their reference says and never fail a
 * comparison, whatever the pattern and the pointer.
 */
class PointerPatternPropertyTests {

	@Test
	void compileRefusesOnlyWithIllegalArgumentAndMatchesNeverThrows() {
		qt().withExamples(2000).forAll(anyString(), anyString()).checkAssert((pattern, pointer) -> {
			PointerPattern compiled;
			try {
				compiled = PointerPattern.compile(pattern);
			}
			catch (IllegalArgumentException ex) {
				assertThat(ex.getMessage()).isNotBlank();
				return;
			}
			compiled.matches(pointer);
			compiled.matches("/" + pointer);
		});
	}

	@Test
	void matchesAgreesWithARegularExpressionOverEscapedSegments() {
		qt().withExamples(5000).forAll(patternLike(), pointerLike()).checkAssert((pattern, pointer) -> {
			boolean expected = reference(pattern).matcher(pointer).matches();
			assertThat(PointerPattern.compile(pattern).matches(pointer)).as("%s matches %s", pattern, pointer)
				.isEqualTo(expected);
		});
	}

	@Test
	void matchingKeysIsMatchingTheirPointer() {
		qt().withExamples(2000)
			.forAll(patternLike(), lists().of(key()).ofSizeBetween(0, 6))
			.checkAssert((pattern, keys) -> assertThat(PointerPattern.compile(pattern).matches(keys))
				.isEqualTo(PointerPattern.compile(pattern).matches(pointerOf(keys))));
	}

	@Test
	void keysAreReadBackAsTheyWereEscaped() {
		qt().withExamples(2000)
			.forAll(lists().of(Generate.oneOf(key(), strings().betweenCodePoints(0, 0xFFFF).ofLengthBetween(0, 8)))
				.ofSizeBetween(0, 6))
			.checkAssert((keys) -> assertThat(PointerPattern.keys(pointerOf(keys))).isEqualTo(keys));
	}

	@Test
	void doubleStarAloneMatchesEveryPointer() {
		qt().withExamples(2000)
			.forAll(lists().of(key()).ofSizeBetween(0, 10))
			.checkAssert((keys) -> assertThat(PointerPattern.compile("/**").matches(pointerOf(keys))).isTrue());
	}

	@Test
	void aPatternWithoutWildcardsMatchesItsOwnPointerOnly() {
		qt().withExamples(2000)
			.forAll(lists().of(key()).ofSizeBetween(0, 5), lists().of(key()).ofSizeBetween(0, 5))
			.checkAssert((keys, others) -> {
				PointerPattern literal = PointerPattern.compile(pointerOf(keys));
				assertThat(literal.matches(pointerOf(keys))).isTrue();
				assertThat(literal.matches(pointerOf(others))).isEqualTo(keys.equals(others));
			});
	}

	/**
	 * Many {@code **} against pointers of up to 200 segments: the same answer as the
	 * regular expression. A matcher that backtracks exponentially would not finish.
	 */
	@Test
	void manyDoubleStarsAgreeWithARegularExpressionOnLongPointers() {
		Gen<String> patterns = Generate
			.pick(List.of("/**/**/**/**/x", "/**/*/**/*/**/*/**/*/**/e", "/**/x/**/x/**/x/**/e"));
		Gen<String> longPointers = lists().of(Generate.pick(List.of("x", "e", "f", "xe", "", "0")))
			.ofSizeBetween(0, 200)
			.map((segments) -> segments.stream().map((s) -> "/" + s).collect(Collectors.joining()));
		qt().withExamples(500).forAll(patterns, longPointers).checkAssert((pattern, pointer) -> {
			boolean expected = reference(pattern).matcher(pointer).matches();
			assertThat(PointerPattern.compile(pattern).matches(pointer)).as("%s matches %s", pattern, pointer)
				.isEqualTo(expected);
		});
	}

	/**
	 * The pattern as a regular expression over the escaped pointer (escaping keeps keys
	 * apart, so comparing escaped segments is comparing keys): {@code **} any number of
	 * segments, {@code *} exactly one.
	 */
	private static Pattern reference(String pattern) {
		StringBuilder regex = new StringBuilder();
		if (!pattern.isEmpty()) {
			for (String segment : pattern.substring(1).split("/", -1)) {
				regex.append(switch (segment) {
					case "**" -> "(?:/[^/]*)*";
					case "*" -> "/[^/]*";
					default -> "/" + Pattern.quote(segment);
				});
			}
		}
		return Pattern.compile(regex.toString());
	}

	private static String pointerOf(List<String> keys) {
		return keys.stream()
			.map((key) -> "/" + key.replace("~", "~0").replace("/", "~1"))
			.collect(Collectors.joining());
	}

	private static Gen<String> patternLike() {
		return lists().of(Generate.pick(List.of("a", "b", "*", "**", "", "~0", "~1", "0", "a~1b")))
			.ofSizeBetween(0, 6)
			.map((segments) -> segments.stream().map((s) -> "/" + s).collect(Collectors.joining()));
	}

	private static Gen<String> pointerLike() {
		return lists().of(Generate.pick(List.of("a", "b", "", "~0", "~1", "0", "12", "a~1b", "*")))
			.ofSizeBetween(0, 8)
			.map((segments) -> segments.stream().map((s) -> "/" + s).collect(Collectors.joining()));
	}

	/** Keys as answers have them: names, indices, and the characters pointers escape. */
	private static Gen<String> key() {
		return Generate.pick(List.of("id", "members", "0", "17", "", "a/b", "~", "~1", "updated_at", "x y"));
	}

	private static Gen<String> anyString() {
		return Generate.oneOf(strings().betweenCodePoints(0, 0xFFFF).ofLengthBetween(0, 100),
				strings().basicLatinAlphabet().ofLengthBetween(0, 100));
	}

}
