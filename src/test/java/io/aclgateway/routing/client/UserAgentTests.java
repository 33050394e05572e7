package io.aclgateway.routing.client;

import java.util.List;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code User-Agent} shapes of clients.md section 2, row by row and detail by detail.
 */
class UserAgentTests {

	static final String CURRENT_IOS = "ChatWork/5.3.1 (iOS 17.4.1; iPhone15,2)";

	static final String CURRENT_ANDROID = "ChatWork/4.18.0 (Android 13; SM-S911B)";

	static final String OLD_ANDROID = "ChatWorkAndroid/3.9.2";

	static final String OLD_ANDROID_WITH_OKHTTP = "ChatWorkAndroid/3.9.2 okhttp/3.12.1";

	static final String OLD_IOS = "ChatWork-iOS/3.2 CFNetwork/1240.0.4 Darwin/20.6.0";

	static final String DESKTOP = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
			+ "ChatWorkDesktop/2.8.0 Chrome/120.0.0.0 Electron/28.1.0 Safari/537.36";

	static final String CHROME = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
			+ "Chrome/120.0.0.0 Safari/537.36";

	static final String SAFARI = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 "
			+ "(KHTML, like Gecko) Version/17.4 Safari/605.1.15";

	static final String MOBILE_SAFARI = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 "
			+ "(KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1";

	static final String CHROME_ON_ANDROID = "Mozilla/5.0 (Linux; Android 13; SM-S911B) AppleWebKit/537.36 "
			+ "(KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36";

	/**
	 * Every row of the table in clients.md section 2: the User-Agent, its platform and
	 * its version (or none).
	 */
	static Stream<Arguments> tableRows() {
		return Stream.of(
				// current mobile
				Arguments.of(CURRENT_IOS, Platform.IOS, "5.3.1"),
				Arguments.of(CURRENT_ANDROID, Platform.ANDROID, "4.18.0"),
				// old Android app, alone or followed by more tokens
				Arguments.of(OLD_ANDROID, Platform.ANDROID, "3.9.2"),
				Arguments.of(OLD_ANDROID_WITH_OKHTTP, Platform.ANDROID, "3.9.2"),
				// old iOS app, with its missing patch
				Arguments.of(OLD_IOS, Platform.IOS, "3.2.0"),
				// desktop app
				Arguments.of(DESKTOP, Platform.DESKTOP, "2.8.0"),
				// browser: any other UA starting with Mozilla/
				Arguments.of(CHROME, Platform.WEB, null), Arguments.of(SAFARI, Platform.WEB, null),
				Arguments.of(MOBILE_SAFARI, Platform.WEB, null), Arguments.of(CHROME_ON_ANDROID, Platform.WEB, null),
				Arguments.of("Mozilla/5.0", Platform.WEB, null), Arguments.of("Mozilla/", Platform.WEB, null),
				// anything else, or no UA
				Arguments.of("curl/8.5.0", Platform.UNKNOWN, null), Arguments.of("", Platform.UNKNOWN, null),
				Arguments.of(null, Platform.UNKNOWN, null), Arguments.of("okhttp/4.12.0", Platform.UNKNOWN, null),
				Arguments.of("Dalvik/2.1.0 (Linux; U; Android 13; SM-S911B)", Platform.UNKNOWN, null),
				Arguments.of("%%%\u0000\uFFFD((;;))", Platform.UNKNOWN, null),
				Arguments.of("   ", Platform.UNKNOWN, null), Arguments.of("5.3.1", Platform.UNKNOWN, null));
	}

	@ParameterizedTest(name = "[{index}] {0} -> {1} {2}")
	@MethodSource("tableRows")
	void readsEveryShapeOfTheTable(@Nullable String userAgent, Platform platform, @Nullable String version) {
		assertThat(UserAgent.parse(userAgent)).isEqualTo(new UserAgent(platform, release(version)));
	}

	@ParameterizedTest(name = "[{index}] {0} -> unknown")
	@ValueSource(strings = { "curl/8.5.0 Mozilla/5.0", "xMozilla/5.0 (Windows NT 10.0)", "Opera/9.80 (Mozilla/5.0)",
			"mozilla/5.0 (X11; Linux x86_64)", "Mozilla 5.0 (X11; Linux x86_64)" })
	void readsABrowserOnlyWhenTheUserAgentStartsWithMozilla(String userAgent) {
		assertThat(UserAgent.parse(userAgent)).isEqualTo(new UserAgent(Platform.UNKNOWN, null));
	}

	@Test
	void readsTheVersionFromAnOldIosUserAgent() {
		UserAgent userAgent = UserAgent.parse(OLD_IOS);
		assertThat(userAgent.platform()).isEqualTo(Platform.IOS);
		assertThat(userAgent.version()).isEqualTo(ClientVersion.of(3, 2, 0));
	}

	@ParameterizedTest(name = "[{index}] {0} -> {1} {2}")
	@CsvSource(delimiter = '|', textBlock = """
			Foo/1.0 ChatWork/5.3.1 (iOS 17.4.1; iPhone15,2)                       | IOS     | 5.3.1
			Dalvik/2.1.0 (Linux; U; Android 13; SM-S911B) ChatWorkAndroid/3.9.2   | ANDROID | 3.9.2
			Mozilla/5.0 (iPhone; CPU iPhone OS 14_6) ChatWork-iOS/3.2             | IOS     | 3.2.0
			Electron/28.1.0 ChatWorkDesktop/2.8.0                                 | DESKTOP | 2.8.0
			Mozilla/5.0 ChatWork/4.18.0 (Android 13; SM-S911B)                    | ANDROID | 4.18.0
			""")
	void findsTheAppTokenAnywhereBetweenSpaces(String userAgent, Platform platform, String version) {
		assertThat(UserAgent.parse(userAgent)).isEqualTo(new UserAgent(platform, release(version)));
	}

	@ParameterizedTest(name = "[{index}] {0} -> {1}")
	@CsvSource(delimiter = '|', textBlock = """
			XChatWork/5.3.1 (iOS 17.4.1; iPhone15,2)                   | UNKNOWN
			foo;ChatWorkAndroid/3.9.2                                  | UNKNOWN
			curl/8.5.0,ChatWork-iOS/3.2                                | UNKNOWN
			Mozilla/5.0 (ChatWorkDesktop/2.8.0) Chrome/120.0.0.0       | WEB
			Mozilla/5.0 (Windows NT 10.0;ChatWorkDesktop/2.8.0)        | WEB
			""")
	void ignoresAnAppTokenThatIsNotSeparatedBySpaces(String userAgent, Platform platform) {
		assertThat(UserAgent.parse(userAgent)).isEqualTo(new UserAgent(platform, null));
	}

	@ParameterizedTest(name = "[{index}] {0} -> {1} {2}")
	@CsvSource(delimiter = '|', textBlock = """
			ChatWorkAndroid/3.9.2 ChatWork-iOS/3.2                                  | ANDROID | 3.9.2
			ChatWork-iOS/3.2 ChatWorkAndroid/3.9.2                                  | IOS     | 3.2.0
			ChatWork/5.3.1 (Android 13; SM-S911B) ChatWorkDesktop/2.8.0             | ANDROID | 5.3.1
			Mozilla/5.0 ChatWorkDesktop/2.8.0 ChatWork/5.3.1 (iOS 17.4.1; iPhone15,2) | DESKTOP | 2.8.0
			ChatWork/5.3.1 (iOS 17.4.1; iPhone15,2) ChatWork/4.18.0 (Android 13; x) | IOS     | 5.3.1
			ChatWorkAndroid/3.9.2 ChatWorkAndroid/4.0.0                             | ANDROID | 3.9.2
			""")
	void letsTheFirstAppTokenWin(String userAgent, Platform platform, String version) {
		assertThat(UserAgent.parse(userAgent)).isEqualTo(new UserAgent(platform, release(version)));
	}

	@Test
	void letsTheFirstAppTokenWinEvenWhenItsVersionIsUnreadable() {
		assertThat(UserAgent.parse("ChatWork-iOS/beta ChatWorkAndroid/3.9.2"))
			.isEqualTo(new UserAgent(Platform.IOS, null));
	}

	@ParameterizedTest(name = "[{index}] {0} -> {1}")
	@CsvSource(delimiter = '|', textBlock = """
			chatwork/5.3.1 (iOS 17.4.1; iPhone15,2)                    | UNKNOWN
			CHATWORK/5.3.1 (iOS 17.4.1; iPhone15,2)                    | UNKNOWN
			Chatwork/4.18.0 (Android 13; SM-S911B)                     | UNKNOWN
			chatworkandroid/3.9.2                                      | UNKNOWN
			ChatWorkandroid/3.9.2 okhttp/3.12.1                        | UNKNOWN
			ChatWork-IOS/3.2 CFNetwork/1240.0.4 Darwin/20.6.0          | UNKNOWN
			Chatwork-iOS/3.2                                           | UNKNOWN
			Mozilla/5.0 (Windows NT 10.0) ChatworkDesktop/2.8.0 Chrome/120.0.0.0 | WEB
			Mozilla/5.0 (Windows NT 10.0) chatworkdesktop/2.8.0 Chrome/120.0.0.0 | WEB
			mozilla/5.0 (Windows NT 10.0) Chrome/120.0.0.0             | UNKNOWN
			MOZILLA/5.0                                                | UNKNOWN
			""")
	void matchesProductTokensCaseSensitively(String userAgent, Platform platform) {
		assertThat(UserAgent.parse(userAgent)).isEqualTo(new UserAgent(platform, null));
	}

	@ParameterizedTest(name = "[{index}] {0} -> {1} {2}")
	@CsvSource(delimiter = '|', textBlock = """
			ChatWork/5.3.1 (iPadOS 17.4.1; iPad13,4)   | IOS     | 5.3.1
			ChatWork/5.3.1 (iPadOS; iPad13,4)          | IOS     | 5.3.1
			ChatWork/5.3.1 (iOS)                       | IOS     | 5.3.1
			ChatWork/5.3.1 (iOS; iPhone15,2)           | IOS     | 5.3.1
			ChatWork/4.18.0 (Android)                  | ANDROID | 4.18.0
			ChatWork/4.18.0 (Android 14 Beta; Pixel 8) | ANDROID | 4.18.0
			ChatWork/v5.3 (iOS 17.4.1; iPhone15,2)     | IOS     | 5.3.0
			ChatWork/6 (iPadOS 17.4.1; iPad13,4)       | IOS     | 6.0.0
			""")
	void takesTheMobilePlatformFromTheFirstWordInTheParentheses(String userAgent, Platform platform, String version) {
		assertThat(UserAgent.parse(userAgent)).isEqualTo(new UserAgent(platform, release(version)));
	}

	@Test
	void readsAPreReleaseFromTheAppToken() {
		UserAgent userAgent = UserAgent.parse("ChatWork/6.0.0-rc.1+build.7 (Android 14; Pixel 8)");
		assertThat(userAgent.platform()).isEqualTo(Platform.ANDROID);
		assertThat(userAgent.version()).isEqualTo(new ClientVersion(6, 0, 0, List.of("rc", "1")));
	}

	@ParameterizedTest(name = "[{index}] {0} -> unknown {1}")
	@CsvSource(delimiter = '|', textBlock = """
			ChatWork/5.3.1 (Windows 11; x64)                 | 5.3.1
			ChatWork/5.3.1 (HarmonyOS 4.0; ALN-AL00)         | 5.3.1
			ChatWork/5.3.1 (macOS 14.4; MacBookPro18,3)      | 5.3.1
			ChatWork/5.3.1 (ios 17.4.1; iPhone15,2)          | 5.3.1
			ChatWork/5.3.1 (IOS 17.4.1; iPhone15,2)          | 5.3.1
			ChatWork/4.18.0 (android 13; SM-S911B)           | 4.18.0
			ChatWork/4.18.0 (AndroidTV 13; BRAVIA)           | 4.18.0
			ChatWork/5.3.1 (iOS17.4.1; iPhone15,2)           | 5.3.1
			ChatWork/5.3.1 ()                                | 5.3.1
			ChatWork/5.3.1 (                                 | 5.3.1
			ChatWork/5.3.1                                   | 5.3.1
			""")
	void keepsTheVersionWhenTheMobileCommentNamesNoKnownOs(String userAgent, String version) {
		assertThat(UserAgent.parse(userAgent)).isEqualTo(new UserAgent(Platform.UNKNOWN, release(version)));
	}

	@ParameterizedTest(name = "[{index}] {0} -> {1} without version")
	@CsvSource(delimiter = '|', textBlock = """
			ChatWork/5.x (iOS 17.4.1; iPhone15,2)            | IOS
			ChatWork/ (Android 13; SM-S911B)                 | ANDROID
			ChatWorkAndroid/3.09.2 okhttp/3.12.1             | ANDROID
			ChatWork-iOS/beta CFNetwork/1240.0.4             | IOS
			ChatWorkDesktop/2.8.0.1 Chrome/120.0.0.0         | DESKTOP
			Mozilla/5.0 ChatWorkDesktop/latest Chrome/120    | DESKTOP
			""")
	void keepsThePlatformWhenTheAppVersionIsUnreadable(String userAgent, Platform platform) {
		assertThat(UserAgent.parse(userAgent)).isEqualTo(new UserAgent(platform, null));
	}

	@Test
	void readsAUserAgentOfExactly1024Characters() {
		String app = pad(CURRENT_IOS, UserAgent.MAX_LENGTH);
		String browser = pad(CHROME, 1024);
		assertThat(app).hasSize(1024);
		assertThat(browser).hasSize(1024);
		assertThat(UserAgent.parse(app)).isEqualTo(new UserAgent(Platform.IOS, ClientVersion.of(5, 3, 1)));
		assertThat(UserAgent.parse(browser)).isEqualTo(new UserAgent(Platform.WEB, null));
	}

	@Test
	void treatsAUserAgentLongerThan1024CharactersAsAbsent() {
		String app = pad(CURRENT_IOS, 1025);
		String browser = pad(CHROME, 1025);
		String desktop = pad(DESKTOP, 4096);
		assertThat(app).hasSize(1025);
		assertThat(UserAgent.parse(app)).isEqualTo(new UserAgent(Platform.UNKNOWN, null));
		assertThat(UserAgent.parse(browser)).isEqualTo(new UserAgent(Platform.UNKNOWN, null));
		assertThat(UserAgent.parse(desktop)).isEqualTo(new UserAgent(Platform.UNKNOWN, null));
	}

	/**
	 * A User-Agent of exactly {@code length} characters: the given one, then more product
	 * tokens.
	 */
	static String pad(String userAgent, int length) {
		StringBuilder padded = new StringBuilder(userAgent).append(' ');
		while (padded.length() < length) {
			padded.append('x');
		}
		return padded.substring(0, length);
	}

	/**
	 * The expected release, built from its numbers so that it does not rely on the parser
	 * under test.
	 */
	static @Nullable ClientVersion release(@Nullable String version) {
		if (version == null) {
			return null;
		}
		String[] parts = version.split("\\.");
		return ClientVersion.of(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), Integer.parseInt(parts[2]));
	}

}
