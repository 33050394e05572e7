package io.aclgateway.routing.rules;

import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** Path patterns never fail a request, whatever the pattern and the path. */
class PathGlobProperties {

	@Property(tries = 2000)
	void compileRefusesOnlyWithIllegalArgumentAndMatchesNeverThrows(@ForAll String pattern, @ForAll String path) {
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
	}

	@Property(tries = 2000)
	void pathLikePatternsAndPathsNeverThrow(@ForAll("pathLike") String pattern, @ForAll("pathLike") String path) {
		PathGlob glob;
		try {
			glob = PathGlob.compile(pattern);
		}
		catch (IllegalArgumentException ex) {
			assertThat(ex.getMessage()).isNotBlank();
			return;
		}
		glob.matches(path);
	}

	@Property
	void compileAcceptsEveryPatternOfWholeSegments(@ForAll("segments") List<String> segments) {
		String pattern = "/" + String.join("/", segments);
		assertThat(PathGlob.compile(pattern)).hasToString(pattern);
	}

	@Property
	void compileRefusesAPatternNotStartingWithSlash(@ForAll String pattern) {
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
	}

	@Property(tries = 2000)
	void doubleStarAloneMatchesEveryPathStartingWithSlash(@ForAll String rest) {
		assertThat(PathGlob.compile("/**").matches("/" + rest)).isTrue();
	}

	@Property(tries = 2000)
	void doubleStarAloneMatchesEveryPathLikePath(@ForAll("pathLike") String rest) {
		assertThat(PathGlob.compile("/**").matches("/" + rest)).isTrue();
	}

	@Property
	void noPatternMatchesAPathNotStartingWithSlash(@ForAll("segments") List<String> segments, @ForAll String path) {
		if (path.startsWith("/")) {
			return;
		}
		assertThat(PathGlob.compile("/" + String.join("/", segments)).matches(path)).isFalse();
	}

	@Property
	void aLiteralPatternMatchesItself(@ForAll("literalSegments") List<String> segments) {
		String path = "/" + String.join("/", segments);
		assertThat(PathGlob.compile(path).matches(path)).isTrue();
	}

	@Property
	void aLiteralPatternMatchesNoLongerPath(@ForAll("literalSegments") List<String> segments,
			@ForAll("literalSegment") String more) {
		String path = "/" + String.join("/", segments);
		assertThat(PathGlob.compile(path).matches(path + "/" + more)).isFalse();
	}

	@Property
	void aPrefixWithDoubleStarMatchesThePrefixAndEverythingBelowIt(@ForAll("literalSegments") List<String> prefix,
			@ForAll("literalSegments") List<String> below) {
		String base = "/" + String.join("/", prefix);
		PathGlob glob = PathGlob.compile(base + "/**");
		assertThat(glob.matches(base)).isTrue();
		assertThat(glob.matches(base + "/" + String.join("/", below))).isTrue();
	}

	@Property
	void aStarStandsForExactlyOneSegment(@ForAll("literalSegments") List<String> segments,
			@ForAll("literalSegment") String any) {
		String pattern = "/" + String.join("/", segments) + "/*";
		String base = "/" + String.join("/", segments);
		PathGlob glob = PathGlob.compile(pattern);
		assertThat(glob.matches(base + "/" + any)).isTrue();
		assertThat(glob.matches(base)).isFalse();
		assertThat(glob.matches(base + "/" + any + "/" + any)).isFalse();
	}

	@Property(tries = 5000)
	void matchesAgreesWithARegularExpressionOverSegments(@ForAll("globLike") String pattern,
			@ForAll("pathLike") String path) {
		PathGlob glob;
		try {
			glob = PathGlob.compile(pattern);
		}
		catch (IllegalArgumentException ex) {
			return;
		}
		boolean expected = path.startsWith("/") && reference(pattern).matcher(path).matches();
		assertThat(glob.matches(path)).as("%s matches %s", pattern, path).isEqualTo(expected);
	}

	@Example
	void manyDoubleStarsAgainstALongPathStillAnswerQuickly() {
		PathGlob glob = PathGlob.compile("/**/*/**/*/**/*/**/*/**/e");
		String path = "/" + "x/".repeat(2000) + "f";
		assertTimeoutPreemptively(Duration.ofSeconds(5), () -> assertThat(glob.matches(path)).isFalse());
		assertTimeoutPreemptively(Duration.ofSeconds(5),
				() -> assertThat(glob.matches(path.substring(0, path.length() - 1) + "e")).isTrue());
	}

	/** The pattern as a regular expression: {@code **} any number of segments, {@code *} exactly one. */
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

	@Provide
	Arbitrary<String> globLike() {
		return Arbitraries.oneOf(Arbitraries.of("a", "b", "*", "**", "")
			.list()
			.ofMaxSize(6)
			.map(segments -> "/" + String.join("/", segments)), pathLike().map(text -> "/" + text));
	}

	@Provide
	Arbitrary<String> pathLike() {
		return Arbitraries.strings().withChars("/*ab.%").ofMaxLength(40);
	}

	@Provide
	Arbitrary<List<String>> segments() {
		return Arbitraries.oneOf(literalSegment(), Arbitraries.of("*", "**", "")).list().ofMaxSize(8);
	}

	@Provide
	Arbitrary<List<String>> literalSegments() {
		return literalSegment().list().ofMinSize(1).ofMaxSize(6);
	}

	@Provide
	Arbitrary<String> literalSegment() {
		return Arbitraries.strings().alpha().numeric().withChars("-._~%").ofMinLength(1).ofMaxLength(10);
	}

}
