package io.aclgateway.routing.rules;

import java.util.Optional;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import io.aclgateway.routing.client.ClientVersion;

import static org.assertj.core.api.Assertions.assertThat;

/** Version ranges and client versions never fail a request, whatever the text. */
class VersionRangeProperties {

	@Property(tries = 2000)
	void clientVersionParseNeverThrows(@ForAll String text) {
		assertThat(ClientVersion.parse(text)).isNotNull();
	}

	@Property(tries = 2000)
	void clientVersionParseNeverThrowsOnVersionLikeText(@ForAll("versionLike") String text) {
		assertThat(ClientVersion.parse(text)).isNotNull();
	}

	@Property(tries = 2000)
	void clientVersionParseNeverThrowsOnOversizedNumbers(@ForAll("largeNumbers") String text) {
		assertThat(ClientVersion.parse(text)).isNotNull();
		assertThat(ClientVersion.parse(text + ".0")).isNotNull();
		assertThat(ClientVersion.parse("1." + text + ".0")).isNotNull();
		assertThat(ClientVersion.parse("v1.0." + text)).isNotNull();
		assertThat(ClientVersion.parse("1.0.0-" + text)).isNotNull();
	}

	@Property(tries = 2000)
	void rangeParseRefusesOnlyWithIllegalArgumentAndIncludesNeverThrows(@ForAll String range,
			@ForAll String version) {
		checkRange(range, version);
	}

	@Property(tries = 2000)
	void rangeLikeTextRefusesOnlyWithIllegalArgumentAndIncludesNeverThrows(@ForAll("rangeLike") String range,
			@ForAll("versionLike") String version) {
		checkRange(range, version);
	}

	@Property
	void comparatorsAgreeWithVersionOrder(@ForAll("versions") ClientVersion bound,
			@ForAll("versions") ClientVersion candidate) {
		int order = candidate.compareTo(bound);
		Optional<ClientVersion> version = Optional.of(candidate);
		assertThat(VersionRange.parse(">=" + bound).includes(version)).isEqualTo(order >= 0);
		assertThat(VersionRange.parse(">" + bound).includes(version)).isEqualTo(order > 0);
		assertThat(VersionRange.parse("<=" + bound).includes(version)).isEqualTo(order <= 0);
		assertThat(VersionRange.parse("<" + bound).includes(version)).isEqualTo(order < 0);
		assertThat(VersionRange.parse("=" + bound).includes(version)).isEqualTo(order == 0);
	}

	@Property
	void aRangeIncludesAVersionOnlyWhenEveryComparatorDoes(@ForAll("versions") ClientVersion low,
			@ForAll("versions") ClientVersion high, @ForAll("versions") ClientVersion candidate) {
		Optional<ClientVersion> version = Optional.of(candidate);
		boolean both = VersionRange.parse(">=" + low).includes(version) && VersionRange.parse("<" + high).includes(version);
		assertThat(VersionRange.parse(">=" + low + "  <" + high).includes(version)).isEqualTo(both);
	}

	@Property
	void aClientWithoutVersionIsInNoRange(@ForAll("versions") ClientVersion bound, @ForAll("operators") String operator) {
		assertThat(VersionRange.parse(operator + bound).includes(Optional.empty())).isFalse();
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

	@Provide
	Arbitrary<String> versionLike() {
		return Arbitraries.strings().withChars("0123456789.-+vVabrc").ofMaxLength(20);
	}

	@Provide
	Arbitrary<String> largeNumbers() {
		return Combinators.combine(Arbitraries.chars().range('1', '9'), Arbitraries.strings().numeric().ofMaxLength(40))
			.as((first, rest) -> first + rest);
	}

	@Provide
	Arbitrary<String> rangeLike() {
		return Arbitraries.strings().withChars("<>= 0123456789.-+vx").ofMaxLength(30);
	}

	@Provide
	Arbitrary<String> operators() {
		return Arbitraries.of(">=", ">", "<=", "<", "=");
	}

	@Provide
	Arbitrary<ClientVersion> versions() {
		Arbitrary<Integer> part = Arbitraries.integers().between(0, 3);
		Arbitrary<java.util.List<String>> preRelease = Arbitraries.of("alpha", "beta", "rc", "1", "2", "10")
			.list()
			.ofMaxSize(2);
		return Combinators.combine(part, part, part, preRelease).as(ClientVersion::new);
	}

}
