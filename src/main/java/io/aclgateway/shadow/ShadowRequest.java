package io.aclgateway.shadow;

import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * What a shadow read sends: the client's method, the path's normal form and the query as
 * received, the headers legacy got (without {@code Host}, framing and hop-by-hop
 * headers), the client's {@code Host}, and the body for a rule marked idempotent.
 *
 * @param method the client's method
 * @param pathAndQuery the path's normal form, then {@code ?} and the raw query if any
 * @param headers the headers sent, by name
 * @param host the client's {@code Host}, sent where the upstream preserves it
 * @param body the request body, {@code null} for none
 */
record ShadowRequest(String method, String pathAndQuery, Map<String, List<String>> headers, @Nullable String host,
		byte @Nullable [] body) {

	/** Tells Falcon the request is a copy, so that it can refuse any side effect. */
	static final String SHADOW_HEADER = "X-Shadow-Request";

	ShadowRequest {
		Objects.requireNonNull(method, "method");
		Objects.requireNonNull(pathAndQuery, "pathAndQuery");
		headers = Map.copyOf(headers);
	}

}
