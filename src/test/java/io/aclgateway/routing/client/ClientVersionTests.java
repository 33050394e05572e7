package io.aclgateway.routing.client;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Versions as clients.md section 3 reads them: SemVer 2.0.0 with the leniencies seen in
 * the field.
 */
class ClientVersionTests {

	/** The precedence example of SemVer 2.0.0 (section 11.4.4), lowest first. */
	private static final List<String> SEMVER_PRECEDENCE_EXAMPLE = List.of("1.0.0-alpha", "1.0.0-alpha.1",
			"1.0.0-alpha.beta", "1.0.0-beta", "1.0.0-beta.2", "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0");

	@ParameterizedTest(name = "[{index}] \"{0}\" reads as {1}.{2}.{3}")
	@CsvSource(delimiter = '|', textBlock = """
			5.3.1                              | 5          | 3          | 1
			0.0.0                              | 0          | 0          | 0
			10.20.30                           | 10         | 20         | 30
			v5.0.1                             | 5          | 0          | 1
			V5.0.1                             | 5          | 0          | 1
			3.2                                | 3          | 2          | 0
			v3.2                               | 3          | 2          | 0
			5                                  | 5          | 0          | 0
			V5                                 | 5          | 0          | 0
			0                                  | 0          | 0          | 0
			2147483647.2147483647.2147483647   | 2147483647 | 2147483647 | 2147483647
			2147483647                         | 2147483647 | 0          | 0
			1.0.0+build.7                      | 1          | 0          | 0
			1.0.0+001                          | 1          | 0          | 0
			v4.18.0+20240101.sha-5114f85       | 4          | 18         | 0
			""")
	void readsAReleaseWithTheFieldLeniencies(String text, int major, int minor, int patch) {
		ClientVersion version = ClientVersion.parse(text).orElseThrow();
		assertThat(version.major()).isEqualTo(major);
		assertThat(version.minor()).isEqualTo(minor);
		assertThat(version.patch()).isEqualTo(patch);
		assertThat(version.preRelease()).isEmpty();
	}

	@ParameterizedTest(name = "[{index}] \"{0}\" reads as {1}")
	@CsvSource(delimiter = '|', textBlock = """
			5.0.0-beta.2                | 5.0.0 | beta,2
			5.0.0-rc.1                  | 5.0.0 | rc,1
			1.0.0-alpha                 | 1.0.0 | alpha
			1.0.0-0.3.7                 | 1.0.0 | 0,3,7
			1.0.0-x.7.z.92              | 1.0.0 | x,7,z,92
			1.0.0-x-y-z.--              | 1.0.0 | x-y-z,--
			1.0.0-0a.00a                | 1.0.0 | 0a,00a
			v2.1.0-beta.11              | 2.1.0 | beta,11
			3.2-rc.1                    | 3.2.0 | rc,1
			5-alpha                     | 5.0.0 | alpha
			1.0.0-rc.1+build.7          | 1.0.0 | rc,1
			1.0.0-beta+exp.sha.5114f85  | 1.0.0 | beta
			1.0.0-99999999999           | 1.0.0 | 99999999999
			""")
	void readsAPreReleaseAndDropsBuildMetadata(String text, String core, String identifiers) {
		ClientVersion version = ClientVersion.parse(text).orElseThrow();
		assertThat(version.major() + "." + version.minor() + "." + version.patch()).isEqualTo(core);
		assertThat(version.preRelease()).containsExactly(identifiers.split(","));
	}

	@ParameterizedTest(name = "[{index}] \"{0}\" is unparseable")
	@NullAndEmptySource
	@ValueSource(strings = {
			// the examples of clients.md
			"5.x", "five", "5..1", "1.2.3.4", "5.", "-1",
			// nothing but the lenient prefix, or a doubled one
			"v", "V", "vv5", "v-1", "v.5",
			// empty parts
			".5", "5.0.", ".", "..", "1.2.", "1..2",
			// leading zeros in numeric parts
			"00", "01", "01.2.3", "1.02.3", "1.2.03", "v05.0.0", "1.0.0-01", "1.0.0-beta.01",
			// parts above a 32-bit signed int
			"2147483648", "2147483648.0.0", "1.2147483648.0", "1.2.2147483648", "99999999999.0.0", "4294967296.0.0",
			"9223372036854775808",
			// signs and other characters in numeric parts
			"+1.0.0", "1.-2.3", "1.2.-3", "1.2.3.", "1.2.3-", "1.2.3+", "1.2.3-+build", "1.2.3-beta+", "1.0.0-alpha..1",
			"1.0.0-alpha.", "1.0.0-alpha_1", "1.0.0+build..7", "1.0.0+bu ild", "1.0.0-beta!", "-beta", "+build",
			"5.0.0 ", " 5.0.0", "5 .0.0", "5,0,0", "5.0.0.0", "5_0_0", "0x10", "1e3", "1.2.3-β", "١.٢.٣", "１.２.３",
			"5.0.x", "latest", "null", "w5.0.0" })
	void refusesAnUnparseableVersion(String text) {
		assertThat(ClientVersion.parse(text)).isEmpty();
	}

	@Test
	void refusesAHugeNumberWithoutOverflowing() {
		assertThat(ClientVersion.parse("9".repeat(100_000))).isEmpty();
		assertThat(ClientVersion.parse("1." + "1".repeat(19) + ".0")).isEmpty();
	}

	@ParameterizedTest(name = "[{index}] {0} < {1}")
	@MethodSource("ascendingPairs")
	void ordersVersionsBySemVerPrecedence(String lower, String higher) {
		ClientVersion low = ClientVersion.parse(lower).orElseThrow();
		ClientVersion high = ClientVersion.parse(higher).orElseThrow();
		assertThat(low.compareTo(high)).isNegative();
		assertThat(high.compareTo(low)).isPositive();
		assertThat(low).isLessThan(high);
	}

	static Stream<Arguments> ascendingPairs() {
		Stream<Arguments> semverExample = IntStream.range(0, SEMVER_PRECEDENCE_EXAMPLE.size() - 1)
			.mapToObj((i) -> Arguments.of(SEMVER_PRECEDENCE_EXAMPLE.get(i), SEMVER_PRECEDENCE_EXAMPLE.get(i + 1)));
		Stream<Arguments> field = Stream.of(
				// clients.md: pre-release tags order below the release
				Arguments.of("5.0.0-beta.2", "5.0.0-rc.1"), Arguments.of("5.0.0-rc.1", "5.0.0"),
				Arguments.of("5.0.0-beta.2", "5.0.0"),
				// core parts are compared numerically, major first
				Arguments.of("1.9.0", "1.10.0"), Arguments.of("1.10.0", "1.10.1"), Arguments.of("1.10.1", "2.0.0"),
				Arguments.of("2.0.0", "2.1.0"), Arguments.of("2.1.0", "2.1.1"), Arguments.of("9.99.99", "10.0.0"),
				Arguments.of("0.0.0", "0.0.1"), Arguments.of("2147483646.0.0", "2147483647.0.0"),
				Arguments.of("1.2147483647.2147483647", "2.0.0"),
				// a pre-release of a higher core still ranks above a lower release
				Arguments.of("4.99.99", "5.0.0-alpha"), Arguments.of("5.0.0", "5.0.1-alpha"),
				// leniencies take part in ordering as their full form would
				Arguments.of("v3.1", "3.2"), Arguments.of("3.2-rc.1", "v3.2"), Arguments.of("4", "4.0.1"),
				// numeric identifiers compare as numbers, without a size limit, and below
				// alphanumerics
				Arguments.of("1.0.0-2", "1.0.0-10"), Arguments.of("1.0.0-99999999999", "1.0.0-100000000000"),
				Arguments.of("1.0.0-999", "1.0.0-a"), Arguments.of("1.0.0-rc.9", "1.0.0-rc.10"),
				// alphanumerics compare in ASCII order, and a longer set of fields ranks
				// higher
				Arguments.of("1.0.0-Beta", "1.0.0-alpha"), Arguments.of("1.0.0--", "1.0.0-0a"),
				Arguments.of("1.0.0-rc", "1.0.0-rc.1"), Arguments.of("1.0.0-rc.1", "1.0.0-rc.1.1"));
		return Stream.concat(semverExample, field);
	}

	@Test
	void sortsTheSemVerPrecedenceExampleIntoItsOrder() {
		List<String> shuffled = new ArrayList<>(SEMVER_PRECEDENCE_EXAMPLE);
		Collections.shuffle(shuffled, new Random(7));
		List<String> sorted = shuffled.stream()
			.map((text) -> ClientVersion.parse(text).orElseThrow())
			.sorted()
			.map(ClientVersion::toString)
			.toList();
		assertThat(sorted).containsExactlyElementsOf(SEMVER_PRECEDENCE_EXAMPLE);
	}

	@ParameterizedTest(name = "[{index}] {0} ranks with {1}")
	@CsvSource(delimiter = '|', textBlock = """
			1.0.0+build.7              | 1.0.0
			1.0.0+build.7              | 1.0.0+build.8
			1.0.0+zzz                  | 1.0.0+aaa
			5.0.0-rc.1+build.1         | 5.0.0-rc.1
			5.0.0-rc.1+exp.sha.5114f85 | 5.0.0-rc.1+build.2
			v5.0.1                     | 5.0.1
			V5.0.1                     | 5.0.1
			3.2                        | 3.2.0
			5                          | 5.0.0
			v5-beta.2+b.1              | 5.0.0-beta.2
			""")
	void ranksEquallyWhenOnlyBuildMetadataOrLeniencyDiffers(String left, String right) {
		ClientVersion first = ClientVersion.parse(left).orElseThrow();
		ClientVersion second = ClientVersion.parse(right).orElseThrow();
		assertThat(first.compareTo(second)).isZero();
		assertThat(second.compareTo(first)).isZero();
		assertThat(first).isEqualByComparingTo(second);
	}

	@Test
	void writesTheVersionWithoutLeniencyOrBuildMetadata() {
		assertThat(ClientVersion.parse("v3.2-rc.1+build.7").orElseThrow()).hasToString("3.2.0-rc.1");
		assertThat(ClientVersion.parse("V5").orElseThrow()).hasToString("5.0.0");
	}

	@Test
	void buildsAReleaseFromItsNumbers() {
		assertThat(ClientVersion.of(5, 3, 1)).isEqualTo(ClientVersion.parse("5.3.1").orElseThrow());
		assertThat(ClientVersion.of(5, 3, 1).preRelease()).isEmpty();
	}

}
