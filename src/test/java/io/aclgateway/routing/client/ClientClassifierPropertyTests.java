package io.aclgateway.routing.client;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

import io.aclgateway.routing.client.ClientClassifierTests.Headers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;
import static org.quicktheories.generators.SourceDSL.strings;

/**
 * Whatever a request holds, classification answers with a client (clients.md: it never
 * fails a request).
 */
class ClientClassifierPropertyTests {

	private static final List<String> FRAGMENTS = List.of("ChatWork/", "ChatWorkAndroid/", "ChatWork-iOS/",
			"ChatWorkDesktop/", "Mozilla/", "chatwork/", "(", ")", ";", " ", "  ", ",", "iOS", "iPadOS", "Android",
			"Windows", "v", "V", "-", "+", ".", "..", "0", "1", "9", "00", "01", "10", "5.3.1", "3.2", "2147483647",
			"2147483648", "99999999999", "beta", "rc", "alpha", "x", "_", "\t", "\u0000", "\uD800", "é", "ｉＯＳ", "");

	private final ClientClassifier classifier = new ClientClassifier();

	@Test
	void classificationNeverFailsAndAlwaysNamesAPlatform() {
		Gen<RequestValues> requests = headerValues().zip(headerValues(), headerValues(), headerValues(), headerValues(),
				RequestValues::new);
		qt().withExamples(2000).forAll(requests).checkAssert((request) -> {
			Headers headers = Headers.of()
				.userAgent(request.userAgent())
				.platform(request.platform())
				.version(request.version())
				.with("X-Organization-Id", request.tenant())
				.with("X-Account-Id", request.account());
			Client client = this.classifier.classify(headers, CohortHeaders.DEFAULT);
			assertThat(client).isNotNull();
			assertThat(client.platform()).isNotNull();
			assertThat(client.versionIfKnown()).isNotNull();
			assertCohortKey(client.tenant());
			assertCohortKey(client.account());
		});
	}

	@Test
	void classificationNeverFailsWithAnyCohortHeaderNames() {
		qt().withExamples(500)
			.forAll(unicode(), unicode(), headerValues(), userAgents())
			.checkAssert((tenantHeader, accountHeader, value, userAgent) -> {
				Headers headers = Headers.of()
					.userAgent(userAgent)
					.with(tenantHeader, value)
					.with(accountHeader, value);
				Client client = this.classifier.classify(headers, new CohortHeaders(tenantHeader, accountHeader));
				assertThat(client.platform()).isNotNull();
				assertCohortKey(client.tenant());
				assertCohortKey(client.account());
			});
	}

	@Test
	void userAgentParsingNeverFailsAndAlwaysNamesAPlatform() {
		qt().withExamples(2000).forAll(headerValues()).checkAssert((userAgent) -> {
			UserAgent parsed = UserAgent.parse(userAgent);
			assertThat(parsed).isNotNull();
			assertThat(parsed.platform()).isNotNull();
			if (userAgent != null && userAgent.length() > UserAgent.MAX_LENGTH) {
				assertThat(parsed).isEqualTo(new UserAgent(Platform.UNKNOWN, null));
			}
		});
	}

	@Test
	void versionParsingNeverFailsAndReadsBackWhatItWrites() {
		qt().withExamples(2000).forAll(headerValues()).checkAssert((text) -> {
			Optional<ClientVersion> parsed = ClientVersion.parse(text);
			assertThat(parsed).isNotNull();
			parsed.ifPresent((version) -> {
				assertThat(version.major()).isNotNegative();
				assertThat(version.minor()).isNotNegative();
				assertThat(version.patch()).isNotNegative();
				assertThat(ClientVersion.parse(version.toString())).contains(version);
			});
		});
	}

	@Test
	void readsBackAnyReleaseFromItsNumbers() {
		qt().withExamples(1000)
			.forAll(nonNegative(), nonNegative(), nonNegative())
			.checkAssert((major, minor, patch) -> {
				String text = major + "." + minor + "." + patch;
				ClientVersion version = ClientVersion.parse(text).orElseThrow();
				assertThat(version.major()).isEqualTo(major);
				assertThat(version.minor()).isEqualTo(minor);
				assertThat(version.patch()).isEqualTo(patch);
				assertThat(version.preRelease()).isEmpty();
				assertThat(version).isEqualTo(ClientVersion.of(major, minor, patch));
				assertThat(ClientVersion.parse("v" + text)).contains(version);
			});
	}

	@Test
	void ordersReleasesByMajorThenMinorThenPatch() {
		qt().withExamples(1000).forAll(parts(), parts()).checkAssert((left, right) -> {
			ClientVersion first = ClientVersion.parse(left.get(0) + "." + left.get(1) + "." + left.get(2))
				.orElseThrow();
			ClientVersion second = ClientVersion.parse(right.get(0) + "." + right.get(1) + "." + right.get(2))
				.orElseThrow();
			Comparator<List<Integer>> lexicographic = Comparator.<List<Integer>>comparingInt((parts) -> parts.get(0))
				.thenComparingInt((parts) -> parts.get(1))
				.thenComparingInt((parts) -> parts.get(2));
			assertThat(Integer.signum(first.compareTo(second)))
				.isEqualTo(Integer.signum(lexicographic.compare(left, right)));
			assertThat(Integer.signum(second.compareTo(first))).isEqualTo(-Integer.signum(first.compareTo(second)));
		});
	}

	@Test
	void ranksAPreReleaseBelowItsReleaseAndIgnoresBuildMetadata() {
		qt().withExamples(1000)
			.forAll(nonNegative(), identifiers(), identifiers())
			.checkAssert((major, preRelease, build) -> {
				ClientVersion release = ClientVersion.of(major, 0, 0);
				ClientVersion candidate = ClientVersion.parse(major + ".0.0-" + preRelease).orElseThrow();
				assertThat(candidate).isLessThan(release);
				assertThat(ClientVersion.parse(major + ".0.0-" + preRelease + "+" + build).orElseThrow())
					.isEqualByComparingTo(candidate);
				assertThat(ClientVersion.parse(major + ".0.0+" + build).orElseThrow()).isEqualByComparingTo(release);
			});
	}

	private static void assertCohortKey(@Nullable String key) {
		if (key != null) {
			assertThat(key).isNotEmpty().hasSizeLessThanOrEqualTo(ClientClassifier.MAX_COHORT_KEY_LENGTH);
		}
	}

	/** The five header values of one request, any of them absent. */
	private record RequestValues(@Nullable String userAgent, @Nullable String platform, @Nullable String version,
			@Nullable String tenant, @Nullable String account) {
	}

	/** Any of the shapes below, or absent (null) 15% of the time. */
	private static Gen<@Nullable String> headerValues() {
		Gen<@Nullable String> absent = Generate.constant((@Nullable String) null);
		Gen<@Nullable String> present = Generate.oneOf(unicode(), userAgents(), versions());
		return Generate.frequency(Pair.of(15, absent), Pair.of(85, present));
	}

	/** Any text of up to 200 UTF-16 units, lone surrogates included. */
	private static Gen<String> unicode() {
		return strings().betweenCodePoints(0, 0xFFFF).ofLengthBetween(0, 200);
	}

	/**
	 * Text built from User-Agent and version fragments, some of it near or over the 1024
	 * character limit.
	 */
	private static Gen<String> userAgents() {
		Gen<String> fragments = lists().of(Generate.pick(FRAGMENTS))
			.ofSizeBetween(0, 40)
			.map((parts) -> String.join("", parts));
		Gen<String> nearTheLimit = fragments.zip(integers().between(UserAgent.MAX_LENGTH - 8, UserAgent.MAX_LENGTH + 8),
				UserAgentTests::pad);
		return Generate.frequency(Pair.of(5, fragments), Pair.of(1, nearTheLimit));
	}

	/**
	 * Text shaped like a version: digits, dots, a {@code v}, pre-release and build parts.
	 */
	private static Gen<String> versions() {
		Gen<String> number = Generate.oneOf(integers().between(0, 20).map((value) -> Integer.toString(value)),
				Generate.pick(List.of("00", "01", "2147483647", "2147483648", "99999999999", "", "x", "-1")));
		Gen<String> prefix = Generate.pick(List.of("", "", "v", "V", "vv", "-", "+", " "));
		Gen<String> core = lists().of(number).ofSizeBetween(1, 5).map((parts) -> String.join(".", parts));
		Gen<String> suffix = Generate.pick(List.of("", "", "-beta.2", "-rc.1", "-", "+", "+build.7", "-01", "-a..b",
				"-rc.1+b", ".", "..", "-alpha+exp.sha.5114f85"));
		return prefix.zip(core, suffix, (p, c, s) -> p + c + s);
	}

	private static Gen<Integer> nonNegative() {
		return integers().between(0, Integer.MAX_VALUE);
	}

	private static Gen<List<Integer>> parts() {
		// Small parts make equal and nearly equal versions likely; large ones reach the
		// 32-bit limit.
		Gen<Integer> part = Generate.oneOf(integers().between(0, 3), nonNegative());
		return lists().of(part).ofSize(3);
	}

	/**
	 * Dot-separated SemVer identifiers: alphanumerics and hyphens, numbers without
	 * leading zeros.
	 */
	private static Gen<String> identifiers() {
		List<Character> alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-".chars()
			.mapToObj((c) -> (char) c)
			.collect(Collectors.toList());
		Gen<String> alphanumeric = lists().of(Generate.pick(alphabet))
			.ofSizeBetween(1, 8)
			.map((chars) -> chars.stream().map(String::valueOf).collect(Collectors.joining()))
			.assuming((identifier) -> !identifier.chars().allMatch(Character::isDigit));
		Gen<String> numeric = longs().between(0, Long.MAX_VALUE).map((number) -> Long.toString(number));
		return lists().of(Generate.oneOf(alphanumeric, numeric))
			.ofSizeBetween(1, 4)
			.map((ids) -> String.join(".", ids));
	}

}
