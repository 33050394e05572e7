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

/** Path patterns never fail a request, whatever the pattern and the path. */
class PathGlobPropertyTests {

	@Test
	void compileRefusesOnlyWithIllegalArgumentAndMatchesNeverThrows() {
		qt().withExamples(2000).forAll(anyString(), anyString()).checkAssert((pattern, path) -> {
			PathGlob glob;
			try {
				glob = PathGlob.compile(pattern);
			}
			catch (IllegalArgumentException ex) {
				assertThat(ex.getMessage()).isNotBlank();
				return;
			}
			glob.matches(path);
			glob.matches("/" + path);
		});
	}

	@Test
	void pathLikePatternsAndPathsNeverThrow() {
		qt().withExamples(2000).forAll(pathLike(), pathLike()).checkAssert((pattern, path) -> {
			PathGlob glob;
			try {
				glob = PathGlob.compile(pattern);
			}
			catch (IllegalArgumentException ex) {
				assertThat(ex.getMessage()).isNotBlank();
				return;
			}
			glob.matches(path);
		});
	}

	@Test
	void compileAcceptsEveryPatternOfWholeSegments() {
		qt().withExamples(1000).forAll(segments()).checkAssert((segments) -> {
			String pattern = "/" + String.join("/", segments);
			assertThat(PathGlob.compile(pattern)).hasToString(pattern);
		});
	}

	@Test
	void compileRefusesAPatternNotStartingWithSlash() {
		qt().withExamples(1000).forAll(anyString()).checkAssert((pattern) -> {
			if (pattern.startsWith("/")) {
				return;
			}
			try {
				PathGlob.compile(pattern);
			}
			catch (IllegalArgumentException ex) {
				return;
			}
			throw new AssertionError("compiled '" + pattern + "'");
		});
	}

	@Test
	void doubleStarAloneMatchesEveryPathStartingWithSlash() {
		qt().withExamples(2000)
			.forAll(anyString())
			.checkAssert((rest) -> assertThat(PathGlob.compile("/**").matches("/" + rest)).isTrue());
	}

	@Test
	void doubleStarAloneMatchesEveryPathLikePath() {
		qt().withExamples(2000)
			.forAll(pathLike())
			.checkAssert((rest) -> assertThat(PathGlob.compile("/**").matches("/" + rest)).isTrue());
	}

	@Test
	void noPatternMatchesAPathNotStartingWithSlash() {
		qt().withExamples(1000).forAll(segments(), anyString()).checkAssert((segments, path) -> {
			if (path.startsWith("/")) {
				return;
			}
			assertThat(PathGlob.compile("/" + String.join("/", segments)).matches(path)).isFalse();
		});
	}

	@Test
	void aLiteralPatternMatchesItself() {
		qt().withExamples(1000).forAll(literalSegments()).checkAssert((segments) -> {
			String path = "/" + String.join("/", segments);
			assertThat(PathGlob.compile(path).matches(path)).isTrue();
		});
	}

	@Test
	void aLiteralPatternMatchesNoLongerPath() {
		qt().withExamples(1000).forAll(literalSegments(), literalSegment()).checkAssert((segments, more) -> {
			String path = "/" + String.join("/", segments);
			assertThat(PathGlob.compile(path).matches(path + "/" + more)).isFalse();
		});
	}

	@Test
	void aPrefixWithDoubleStarMatchesThePrefixAndEverythingBelowIt() {
		qt().withExamples(1000).forAll(literalSegments(), literalSegments()).checkAssert((prefix, below) -> {
			String base = "/" + String.join("/", prefix);
			PathGlob glob = PathGlob.compile(base + "/**");
			assertThat(glob.matches(base)).isTrue();
			assertThat(glob.matches(base + "/" + String.join("/", below))).isTrue();
		});
	}

	@Test
	void aStarStandsForExactlyOneSegment() {
		qt().withExamples(1000).forAll(literalSegments(), literalSegment()).checkAssert((segments, any) -> {
			String pattern = "/" + String.join("/", segments) + "/*";
			String base = "/" + String.join("/", segments);
			PathGlob glob = PathGlob.compile(pattern);
			assertThat(glob.matches(base + "/" + any)).isTrue();
			assertThat(glob.matches(base)).isFalse();
			assertThat(glob.matches(base + "/" + any + "/" + any)).isFalse();
		});
	}

	@Test
	void matchesAgreesWithARegularExpressionOverSegments() {
		qt().withExamples(5000).forAll(globLike(), pathLike()).checkAssert((pattern, path) -> {
			PathGlob glob;
			try {
				glob = PathGlob.compile(pattern);
			}
			catch (IllegalArgumentException ex) {
				return;
			}
			boolean expected = path.startsWith("/") && reference(pattern).matcher(path).matches();
			assertThat(glob.matches(path)).as("%s matches %s", pattern, path).isEqualTo(expected);
		});
	}

	/**
	 * Many {@code **} against paths of up to 200 segments: the same answer as the regular
	 * expression. A matcher that backtracks exponentially would not finish, so the build
	 * would hang rather than pass.
	 */
	@Test
	void manyDoubleStarsAgreeWithARegularExpressionOnLongPaths() {
		Gen<String> patterns = Generate
			.pick(List.of("/**/**/**/**/x", "/**/*/**/*/**/*/**/*/**/e", "/**/x/**/x/**/x/**/e"));
		Gen<String> longPaths = lists().of(Generate.pick(List.of("x", "e", "f", "xe", "")))
			.ofSizeBetween(0, 200)
			.map((segments) -> "/" + String.join("/", segments));
		qt().withExamples(500).forAll(patterns, longPaths).checkAssert((pattern, path) -> {
			boolean expected = reference(pattern).matcher(path).matches();
			assertThat(PathGlob.compile(pattern).matches(path)).as("%s matches %s", pattern, path).isEqualTo(expected);
		});
	}

	/**
	 * The pattern as a regular expression: {@code **} any number of segments, {@code *}
	 * exactly one.
	 */
	private static Pattern reference(String pattern) {
		StringBuilder regex = new StringBuilder();
		for (String segment : pattern.substring(1).split("/", -1)) {
			regex.append(switch (segment) {
				case "**" -> "(?:/[^/]*)*";
				case "*" -> "/[^/]*";
				default -> "/" + Pattern.quote(segment);
			});
		}
		return Pattern.compile(regex.toString());
	}

	/**
	 * Any text: every UTF-16 unit (lone surrogates included), or printable ASCII so that
	 * '/' and '*' turn up.
	 */
	private static Gen<String> anyString() {
		return Generate.oneOf(strings().betweenCodePoints(0, 0xFFFF).ofLengthBetween(0, 255),
				strings().basicLatinAlphabet().ofLengthBetween(0, 255));
	}

	private static Gen<String> globLike() {
		Gen<String> wholeSegments = lists().of(Generate.pick(List.of("a", "b", "*", "**", "")))
			.ofSizeBetween(0, 6)
			.map((segments) -> "/" + String.join("/", segments));
		return Generate.oneOf(wholeSegments, pathLike().map((text) -> "/" + text));
	}

	private static Gen<String> pathLike() {
		return textOf("/*ab.%", 0, 40);
	}

	private static Gen<List<String>> segments() {
		return lists().of(Generate.oneOf(literalSegment(), Generate.pick(List.of("*", "**", "")))).ofSizeBetween(0, 8);
	}

	private static Gen<List<String>> literalSegments() {
		return lists().of(literalSegment()).ofSizeBetween(1, 6);
	}

	private static Gen<String> literalSegment() {
		return textOf("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~%", 1, 10);
	}

	/** Strings of {@code min} to {@code max} characters taken from {@code alphabet}. */
	private static Gen<String> textOf(String alphabet, int min, int max) {
		List<Character> characters = alphabet.chars().mapToObj((c) -> (char) c).collect(Collectors.toList());
		return lists().of(Generate.pick(characters))
			.ofSizeBetween(min, max)
			.map((chars) -> chars.stream().map(String::valueOf).collect(Collectors.joining()));
	}

}
