package io.aclgateway.routing.client;

import java.util.Locale;
import java.util.Optional;

/** The app platform a request comes from, as clients.md names them. */
public enum Platform implements WireNamed {

	IOS("ios"), ANDROID("android"), DESKTOP("desktop"), WEB("web"), UNKNOWN("unknown");

	private final String wireName;

	Platform(String wireName) {
		this.wireName = wireName;
	}

	/** The lowercase name used in headers, rules, metrics and logs. */
	@Override
	public String wireName() {
		return wireName;
	}

	/**
	 * Reads an {@code X-App-Platform} value: one of the four names, any case, spaces
	 * trimmed; else unknown.
	 */
	public static Platform fromHeader(String value) {
		return fromWireName(value.strip().toLowerCase(Locale.ROOT)).orElse(UNKNOWN);
	}

	/**
	 * Reads a platform name as the routing file writes it; empty when it is not one of
	 * the five.
	 */
	public static Optional<Platform> fromWireName(String name) {
		return WireNamed.fromWireName(values(), name);
	}

}
