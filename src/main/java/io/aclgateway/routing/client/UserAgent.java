package io.aclgateway.routing.client;

import org.jspecify.annotations.Nullable;

/**
 * What the app {@code User-Agent} shapes of clients.md section 2 say about platform and
 * version.
 */
public record UserAgent(Platform platform, @Nullable ClientVersion version) {

	static final int MAX_LENGTH = 1024;

	private static final UserAgent UNREADABLE = new UserAgent(Platform.UNKNOWN, null);

	/**
	 * Reads a {@code User-Agent} value; a missing, oversized or foreign one is unknown.
	 * Never throws.
	 */
	public static UserAgent parse(@Nullable String header) {
		if (header == null || header.isEmpty() || header.length() > MAX_LENGTH) {
			return UNREADABLE;
		}
		int start = 0;
		while (start < header.length()) {
			int end = header.indexOf(' ', start);
			if (end < 0) {
				end = header.length();
			}
			UserAgent app = appToken(header, start, end);
			if (app != null) {
				return app;
			}
			start = end + 1;
		}
		return header.startsWith("Mozilla/") ? new UserAgent(Platform.WEB, null) : UNREADABLE;
	}

	private static @Nullable UserAgent appToken(String header, int start, int end) {
		String token = header.substring(start, end);
		for (AppToken app : AppToken.values()) {
			if (token.startsWith(app.prefix)) {
				ClientVersion version = ClientVersion.parse(token.substring(app.prefix.length())).orElse(null);
				Platform platform = (app.platform != null) ? app.platform : platformInComment(header, end);
				return new UserAgent(platform, version);
			}
		}
		return null;
	}

	/**
	 * The current mobile shape names its OS as the first word of the comment after the
	 * token.
	 */
	private static Platform platformInComment(String header, int tokenEnd) {
		if (!header.startsWith(" (", tokenEnd)) {
			return Platform.UNKNOWN;
		}
		int from = tokenEnd + 2;
		int to = from;
		while (to < header.length() && " ;)".indexOf(header.charAt(to)) < 0) {
			to++;
		}
		return switch (header.substring(from, to)) {
			case "iOS", "iPadOS" -> Platform.IOS;
			case "Android" -> Platform.ANDROID;
			default -> Platform.UNKNOWN;
		};
	}

	private enum AppToken {

		// Longer product names first is not needed: every prefix ends with '/'.
		CURRENT_MOBILE("ChatWork/", null), OLD_ANDROID("ChatWorkAndroid/", Platform.ANDROID),
		OLD_IOS("ChatWork-iOS/", Platform.IOS), DESKTOP("ChatWorkDesktop/", Platform.DESKTOP);

		private final String prefix;

		private final @Nullable Platform platform;

		AppToken(String prefix, @Nullable Platform platform) {
			this.prefix = prefix;
			this.platform = platform;
		}

	}

}
