package io.aclgateway.routing.client;

import org.jspecify.annotations.Nullable;

/**
 * Classifies a request into a {@link Client} exactly as clients.md says; never fails a
 * request.
 */
public final class ClientClassifier {

	static final String PLATFORM_HEADER = "X-App-Platform";

	static final String VERSION_HEADER = "X-App-Version";

	static final int MAX_COHORT_KEY_LENGTH = 64;

	/**
	 * Classifies from the request's headers; whatever they hold, the answer is a client.
	 */
	public Client classify(RequestHeaders headers, CohortHeaders cohort) {
		String platformHeader = present(headers.first(PLATFORM_HEADER));
		String versionHeader = present(headers.first(VERSION_HEADER));
		Platform platform;
		ClientVersion version;
		if (platformHeader != null && versionHeader != null) {
			platform = Platform.fromHeader(platformHeader);
			version = ClientVersion.parse(versionHeader).orElse(null);
		}
		else {
			UserAgent userAgent = UserAgent.parse(headers.first("User-Agent"));
			platform = (platformHeader != null) ? Platform.fromHeader(platformHeader) : userAgent.platform();
			version = (versionHeader != null) ? ClientVersion.parse(versionHeader).orElse(null) : userAgent.version();
		}
		return new Client(platform, version, cohortKey(headers.first(cohort.tenant())),
				cohortKey(headers.first(cohort.account())));
	}

	/**
	 * A blank explicit header is taken as absent, so that the User-Agent still speaks.
	 */
	private static @Nullable String present(@Nullable String value) {
		if (value == null) {
			return null;
		}
		String stripped = value.strip();
		return stripped.isEmpty() ? null : stripped;
	}

	private static @Nullable String cohortKey(@Nullable String value) {
		String key = present(value);
		return (key == null || key.length() > MAX_COHORT_KEY_LENGTH) ? null : key;
	}

}
