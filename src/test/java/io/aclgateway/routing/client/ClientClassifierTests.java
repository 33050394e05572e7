package io.aclgateway.routing.client;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import static io.aclgateway.routing.client.UserAgentTests.CURRENT_ANDROID;
import static io.aclgateway.routing.client.UserAgentTests.CURRENT_IOS;
import static io.aclgateway.routing.client.UserAgentTests.DESKTOP;
import static io.aclgateway.routing.client.UserAgentTests.OLD_ANDROID;
import static io.aclgateway.routing.client.UserAgentTests.SAFARI;
import static io.aclgateway.routing.client.UserAgentTests.release;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

/**
 * Classification of a whole request as clients.md says: explicit headers, User-Agent,
 * cohort keys.
 */
class ClientClassifierTests {

	private final ClientClassifier classifier = new ClientClassifier();

	@ParameterizedTest(name = "[{index}] {0} -> {1} {2}")
	@MethodSource("io.aclgateway.routing.client.UserAgentTests#tableRows")
	void classifiesEveryUserAgentShapeOfTheTable(@Nullable String userAgent, Platform platform,
			@Nullable String version) {
		Client client = classify(Headers.of().userAgent(userAgent));
		assertThat(client.platform()).isEqualTo(platform);
		assertThat(client.version()).isEqualTo(release(version));
		assertThat(client.versionIfKnown()).isEqualTo(Optional.ofNullable(release(version)));
	}

	@Test
	void classifiesARequestWithoutHeadersAsUnknown() {
		assertThat(classify(Headers.of())).isEqualTo(Client.unknown());
		assertThat(Client.unknown().versionIfKnown()).isEmpty();
	}

	@Test
	void treatsAnOversizedUserAgentAsAbsent() {
		assertThat(classify(Headers.of().userAgent(UserAgentTests.pad(CURRENT_IOS, 1024))))
			.isEqualTo(new Client(Platform.IOS, ClientVersion.of(5, 3, 1), null, null));
		assertThat(classify(Headers.of().userAgent(UserAgentTests.pad(CURRENT_IOS, 1025)))).isEqualTo(Client.unknown());
	}

	@Test
	void letsBothExplicitHeadersWinOverTheUserAgent() {
		Client client = classify(Headers.of().platform("android").version("6.1.0").userAgent(CURRENT_IOS));
		assertThat(client.platform()).isEqualTo(Platform.ANDROID);
		assertThat(client.version()).isEqualTo(ClientVersion.of(6, 1, 0));
	}

	@Test
	void usesExplicitHeadersWhenThereIsNoUserAgent() {
		Client client = classify(Headers.of().platform("desktop").version("v2.9"));
		assertThat(client.platform()).isEqualTo(Platform.DESKTOP);
		assertThat(client.version()).isEqualTo(ClientVersion.of(2, 9, 0));
	}

	@ParameterizedTest(name = "[{index}] X-App-Platform \"{0}\" -> {1}")
	@CsvSource(delimiter = '|', textBlock = """
			ios            | IOS
			IOS            | IOS
			iOS            | IOS
			Ios            | IOS
			android        | ANDROID
			ANDROID        | ANDROID
			Android        | ANDROID
			desktop        | DESKTOP
			DeskTop        | DESKTOP
			web            | WEB
			WEB            | WEB
			' ios'         | IOS
			'ios '         | IOS
			'   Android  ' | ANDROID
			'  DESKTOP'    | DESKTOP
			'web   '       | WEB
			""")
	void readsTheExplicitPlatformInAnyCaseWithSurroundingSpaces(String header, Platform platform) {
		Client client = classify(Headers.of().platform(header).version("7.0.0").userAgent(CURRENT_ANDROID));
		assertThat(client.platform()).isEqualTo(platform);
		assertThat(client.version()).isEqualTo(ClientVersion.of(7, 0, 0));
		assertThat(Platform.fromHeader(header)).isEqualTo(platform);
	}

	@ParameterizedTest(name = "[{index}] X-App-Platform \"{0}\" -> unknown")
	@ValueSource(strings = { "unknown", "UNKNOWN", "iphone", "ipados", "iPadOS", "mac", "macos", "windows", "linux",
			"i os", "ios2", "androidx", "webview", "mobile", "ios,android", "ios;", "\"ios\"", "ｉｏｓ", "İOS" })
	void readsAnyOtherExplicitPlatformAsUnknown(String header) {
		Client client = classify(Headers.of().platform(header).version("7.0.0").userAgent(CURRENT_IOS));
		assertThat(client.platform()).isEqualTo(Platform.UNKNOWN);
		assertThat(client.version()).isEqualTo(ClientVersion.of(7, 0, 0));
		assertThat(Platform.fromHeader(header)).isEqualTo(Platform.UNKNOWN);
	}

	@Test
	void doesNotFallBackToTheUserAgentForAnUnknownExplicitPlatform() {
		Client client = classify(Headers.of().platform("windows").userAgent(CURRENT_IOS));
		assertThat(client.platform()).isEqualTo(Platform.UNKNOWN);
		assertThat(client.version()).isEqualTo(ClientVersion.of(5, 3, 1));
	}

	@ParameterizedTest(name = "[{index}] X-App-Version \"{0}\" -> {1}")
	@CsvSource(delimiter = '|', textBlock = """
			6.1.0      | 6.1.0
			v6.1.0     | 6.1.0
			V6.1       | 6.1.0
			6          | 6.0.0
			6.1.0+b.42 | 6.1.0
			""")
	void readsTheExplicitVersionWithTheFieldLeniencies(String header, String version) {
		Client client = classify(Headers.of().platform("ios").version(header).userAgent(CURRENT_ANDROID));
		assertThat(client.platform()).isEqualTo(Platform.IOS);
		assertThat(client.version()).isEqualTo(release(version));
	}

	@Test
	void readsAPreReleaseFromTheExplicitVersion() {
		Client client = classify(Headers.of().platform("android").version("5.0.0-beta.2"));
		assertThat(client.version()).isEqualTo(new ClientVersion(5, 0, 0, List.of("beta", "2")));
		assertThat(client.version()).isLessThan(ClientVersion.of(5, 0, 0));
	}

	@ParameterizedTest(name = "[{index}] X-App-Version \"{0}\" -> no version")
	@ValueSource(strings = { "5.x", "five", "5..1", "1.2.3.4", "5.", "-1", "06.1.0", "2147483648.0.0", "latest",
			"6.1.0-", "v" })
	void readsNoVersionFromAnUnparseableExplicitVersionAndDoesNotFallBackToTheUserAgent(String header) {
		Client onlyVersion = classify(Headers.of().version(header).userAgent(CURRENT_IOS));
		assertThat(onlyVersion.platform()).isEqualTo(Platform.IOS);
		assertThat(onlyVersion.version()).isNull();
		Client both = classify(Headers.of().platform("android").version(header).userAgent(CURRENT_IOS));
		assertThat(both.platform()).isEqualTo(Platform.ANDROID);
		assertThat(both.version()).isNull();
	}

	@ParameterizedTest(name = "[{index}] X-App-Platform {1} with User-Agent {0}")
	@CsvSource(delimiter = '|', textBlock = """
			ChatWork/5.3.1 (iOS 17.4.1; iPhone15,2)                 | android | ANDROID | 5.3.1
			ChatWorkAndroid/3.9.2 okhttp/3.12.1                     | ios     | IOS     | 3.9.2
			ChatWork-iOS/3.2 CFNetwork/1240.0.4 Darwin/20.6.0       | ' WEB ' | WEB     | 3.2.0
			Mozilla/5.0 (Windows NT 10.0) ChatWorkDesktop/2.8.0     | desktop | DESKTOP | 2.8.0
			ChatWork/4.18.0 (Windows 11; x64)                       | ios     | IOS     | 4.18.0
			""")
	void readsTheVersionFromTheUserAgentWhenOnlyThePlatformHeaderIsPresent(String userAgent, String header,
			Platform platform, String version) {
		Client client = classify(Headers.of().platform(header).userAgent(userAgent));
		assertThat(client.platform()).isEqualTo(platform);
		assertThat(client.version()).isEqualTo(release(version));
	}

	@ParameterizedTest(name = "[{index}] X-App-Platform {0} without a readable User-Agent")
	@NullAndEmptySource
	@ValueSource(strings = { "curl/8.5.0", UserAgentTests.CHROME })
	void readsNoVersionWhenOnlyThePlatformHeaderIsPresentAndTheUserAgentHasNone(@Nullable String userAgent) {
		Client client = classify(Headers.of().platform("ios").userAgent(userAgent));
		assertThat(client.platform()).isEqualTo(Platform.IOS);
		assertThat(client.version()).isNull();
	}

	@ParameterizedTest(name = "[{index}] X-App-Version {1} with User-Agent {0}")
	@CsvSource(delimiter = '|', textBlock = """
			ChatWork/5.3.1 (iOS 17.4.1; iPhone15,2)                 | 6.0.0  | IOS     | 6.0.0
			ChatWork/4.18.0 (Android 13; SM-S911B)                  | v4.19  | ANDROID | 4.19.0
			ChatWorkAndroid/3.9.2 okhttp/3.12.1                     | 3.10.0 | ANDROID | 3.10.0
			ChatWork-iOS/3.2 CFNetwork/1240.0.4 Darwin/20.6.0       | 3.3    | IOS     | 3.3.0
			Mozilla/5.0 (Windows NT 10.0) ChatWorkDesktop/2.8.0     | 2.9.1  | DESKTOP | 2.9.1
			Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7)         | 1.4.0  | WEB     | 1.4.0
			curl/8.5.0                                              | 1.0.0  | UNKNOWN | 1.0.0
			""")
	void readsThePlatformFromTheUserAgentWhenOnlyTheVersionHeaderIsPresent(String userAgent, String header,
			Platform platform, String version) {
		Client client = classify(Headers.of().version(header).userAgent(userAgent));
		assertThat(client.platform()).isEqualTo(platform);
		assertThat(client.version()).isEqualTo(release(version));
	}

	@Test
	void readsTheCohortKeysFromTheDefaultHeaders() {
		Client client = classify(
				Headers.of().userAgent(OLD_ANDROID).with("X-Organization-Id", "org-42").with("X-Account-Id", "acc-7"));
		assertThat(client).isEqualTo(new Client(Platform.ANDROID, ClientVersion.of(3, 9, 2), "org-42", "acc-7"));
	}

	@Test
	void readsTheCohortKeysWithoutAnyClientHeader() {
		Client client = classify(Headers.of().with("X-Organization-Id", "org-42").with("X-Account-Id", "acc-7"));
		assertThat(client).isEqualTo(new Client(Platform.UNKNOWN, null, "org-42", "acc-7"));
	}

	@Test
	void readsEachCohortKeyOnItsOwn() {
		assertThat(classify(Headers.of().with("X-Organization-Id", "org-42")))
			.isEqualTo(new Client(Platform.UNKNOWN, null, "org-42", null));
		assertThat(classify(Headers.of().with("X-Account-Id", "acc-7")))
			.isEqualTo(new Client(Platform.UNKNOWN, null, null, "acc-7"));
	}

	@ParameterizedTest(name = "[{index}] cohort key \"{0}\" -> absent")
	@MethodSource("absentCohortKeys")
	void treatsAnAbsentEmptyOrOversizedCohortKeyAsAbsent(@Nullable String value) {
		Client client = classify(
				Headers.of().userAgent(SAFARI).with("X-Organization-Id", value).with("X-Account-Id", value));
		assertThat(client).isEqualTo(new Client(Platform.WEB, null, null, null));
	}

	static List<@Nullable String> absentCohortKeys() {
		return Arrays.asList(null, "", "a".repeat(65), "7".repeat(65), "x".repeat(1000));
	}

	@Test
	void keepsACohortKeyOfExactly64Characters() {
		String tenant = "t".repeat(64);
		String account = "0123456789abcdef".repeat(4);
		Client client = classify(
				Headers.of().userAgent(DESKTOP).with("X-Organization-Id", tenant).with("X-Account-Id", account));
		assertThat(client).isEqualTo(new Client(Platform.DESKTOP, ClientVersion.of(2, 8, 0), tenant, account));
	}

	@Test
	void keepsOneCohortKeyWhenOnlyTheOtherIsOversized() {
		Client client = classify(
				Headers.of().with("X-Organization-Id", "o".repeat(65)).with("X-Account-Id", "a".repeat(64)));
		assertThat(client.tenant()).isNull();
		assertThat(client.account()).isEqualTo("a".repeat(64));
	}

	@Test
	void readsTheCohortKeysFromTheHeadersTheRoutingFileNames() {
		CohortHeaders custom = new CohortHeaders("X-Tenant", "X-User");
		Headers headers = Headers.of()
			.userAgent(CURRENT_IOS)
			.with("X-Tenant", "tenant-1")
			.with("X-User", "user-9")
			.with("X-Organization-Id", "org-42")
			.with("X-Account-Id", "acc-7");
		assertThat(this.classifier.classify(headers, custom))
			.isEqualTo(new Client(Platform.IOS, ClientVersion.of(5, 3, 1), "tenant-1", "user-9"));
		assertThat(classify(headers)).isEqualTo(new Client(Platform.IOS, ClientVersion.of(5, 3, 1), "org-42", "acc-7"));
	}

	@Test
	void doesNotReadTheDefaultCohortHeadersWhenTheRoutingFileNamesOthers() {
		CohortHeaders custom = new CohortHeaders("X-Tenant", "X-User");
		Client client = this.classifier
			.classify(Headers.of().with("X-Organization-Id", "org-42").with("X-Account-Id", "acc-7"), custom);
		assertThat(client.tenant()).isNull();
		assertThat(client.account()).isNull();
	}

	@Test
	void appliesTheCohortKeyLimitsToCustomHeadersToo() {
		CohortHeaders custom = new CohortHeaders("X-Tenant", "X-User");
		Client client = this.classifier
			.classify(Headers.of().with("X-Tenant", "t".repeat(64)).with("X-User", "u".repeat(65)), custom);
		assertThat(client.tenant()).isEqualTo("t".repeat(64));
		assertThat(client.account()).isNull();
	}

	@Test
	void refusesACohortHeadersPairWithoutNames() {
		assertThatNullPointerException().isThrownBy(() -> new CohortHeaders(null, "X-User"));
		assertThatNullPointerException().isThrownBy(() -> new CohortHeaders("X-Tenant", null));
	}

	private Client classify(Headers headers) {
		return this.classifier.classify(headers, CohortHeaders.DEFAULT);
	}

	/** Request headers backed by a map with case-insensitive names, as HTTP has them. */
	static final class Headers implements RequestHeaders {

		private final Map<String, String> values = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);

		static Headers of() {
			return new Headers();
		}

		Headers with(String name, @Nullable String value) {
			if (value != null) {
				this.values.put(name, value);
			}
			return this;
		}

		Headers userAgent(@Nullable String value) {
			return with("User-Agent", value);
		}

		Headers platform(@Nullable String value) {
			return with("X-App-Platform", value);
		}

		Headers version(@Nullable String value) {
			return with("X-App-Version", value);
		}

		@Override
		public @Nullable String first(String name) {
			return this.values.get(name);
		}

	}

}
