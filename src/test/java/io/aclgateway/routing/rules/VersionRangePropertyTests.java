package io.aclgateway.routing.rules;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

import io.aclgateway.routing.client.ClientVersion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.strings;

/** Version ranges and client versions never fail a request, whatever the text. */
class VersionRangePropertyTests {

	@Test
	void clientVersionParseNeverThrows() {
		qt().withExamples(2000)
			.forAll(anyString())
			.checkAssert((text) -> assertThat(ClientVersion.parse(text)).isNotNull());
	}

	@Test
	void clientVersionParseNeverThrowsOnVersionLikeText() {
		qt().withExamples(2000)
			.forAll(versionLike())
			.checkAssert((text) -> assertThat(ClientVersion.parse(text)).isNotNull());
	}

	@Test
	void clientVersionParseNeverThrowsOnOversizedNumbers() {
		qt().withExamples(2000).forAll(largeNumbers()).checkAssert((text) -> {
			assertThat(ClientVersion.parse(text)).isNotNull();
			assertThat(ClientVersion.parse(text + ".0")).isNotNull();
			assertThat(ClientVersion.parse("1." + text + ".0")).isNotNull();
			assertThat(ClientVersion.parse("v1.0." + text)).isNotNull();
			assertThat(ClientVersion.parse("1.0.0-" + text)).isNotNull();
		});
	}

	@Test
	void rangeParseRefusesOnlyWithIllegalArgumentAndIncludesNeverThrows() {
		qt().withExamples(2000).forAll(anyString(), anyString()).checkAssert(VersionRangePropertyTests::checkRange);
	}

	@Test
	void rangeLikeTextRefusesOnlyWithIllegalArgumentAndIncludesNeverThrows() {
		qt().withExamples(2000).forAll(rangeLike(), versionLike()).checkAssert(VersionRangePropertyTests::checkRange);
	}

	@Test
	void comparatorsAgreeWithVersionOrder() {
		qt().withExamples(1000).forAll(versions(), versions()).checkAssert((bound, candidate) -> {
			int order = candidate.compareTo(bound);
			Optional<ClientVersion> version = Optional.of(candidate);
			assertThat(VersionRange.parse(">=" + bound).includes(version)).isEqualTo(order >= 0);
			assertThat(VersionRange.parse(">" + bound).includes(version)).isEqualTo(order > 0);
			assertThat(VersionRange.parse("<=" + bound).includes(version)).isEqualTo(order <= 0);
			assertThat(VersionRange.parse("<" + bound).includes(version)).isEqualTo(order < 0);
			assertThat(VersionRange.parse("=" + bound).includes(version)).isEqualTo(order == 0);
		});
	}

	@Test
	void aRangeIncludesAVersionOnlyWhenEveryComparatorDoes() {
		qt().withExamples(1000).forAll(versions(), versions(), versions()).checkAssert((low, high, candidate) -> {
			Optional<ClientVersion> version = Optional.of(candidate);
			boolean both = VersionRange.parse(">=" + low).includes(version)
					&& VersionRange.parse("<" + high).includes(version);
			assertThat(VersionRange.parse(">=" + low + "  <" + high).includes(version)).isEqualTo(both);
		});
	}

	@Test
	void aClientWithoutVersionIsInNoRange() {
		qt().withExamples(1000)
			.forAll(versions(), operators())
			.checkAssert((bound,
					operator) -> assertThat(VersionRange.parse(operator + bound).includes(Optional.empty())).isFalse());
	}

	private static void checkRange(String range, String version) {
		VersionRange parsed;
		try {
			parsed = VersionRange.parse(range);
		}
		catch (IllegalArgumentException ex) {
			assertThat(ex.getMessage()).isNotBlank();
			return;
		}
		parsed.includes(ClientVersion.parse(version));
		assertThat(parsed.includes(Optional.empty())).isFalse();
	}

	/**
	 * Any text: every UTF-16 unit (lone surrogates included), or printable ASCII so that
	 * operators turn up.
	 */
	private static Gen<String> anyString() {
		return Generate.oneOf(strings().betweenCodePoints(0, 0xFFFF).ofLengthBetween(0, 255),
				strings().basicLatinAlphabet().ofLengthBetween(0, 255));
	}

	private static Gen<String> versionLike() {
		return textOf("0123456789.-+vVabrc", 0, 20);
	}

	private static Gen<String> largeNumbers() {
		return textOf("123456789", 1, 1).zip(textOf("0123456789", 0, 40), (first, rest) -> first + rest);
	}

	private static Gen<String> rangeLike() {
		return textOf("<>= 0123456789.-+vx", 0, 30);
	}

	private static Gen<String> operators() {
		return Generate.pick(List.of(">=", ">", "<=", "<", "="));
	}

	private static Gen<ClientVersion> versions() {
		Gen<Integer> part = integers().between(0, 3);
		Gen<List<String>> preRelease = lists().of(Generate.pick(List.of("alpha", "beta", "rc", "1", "2", "10")))
			.ofSizeBetween(0, 2);
		return part.zip(part, part, preRelease, ClientVersion::new);
	}

	/** Strings of {@code min} to {@code max} characters taken from {@code alphabet}. */
	private static Gen<String> textOf(String alphabet, int min, int max) {
		List<Character> characters = alphabet.chars().mapToObj((c) -> (char) c).collect(Collectors.toList());
		return lists().of(Generate.pick(characters))
			.ofSizeBetween(min, max)
			.map((chars) -> chars.stream().map(String::valueOf).collect(Collectors.joining()));
	}

}
