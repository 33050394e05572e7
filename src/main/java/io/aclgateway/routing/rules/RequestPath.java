package io.aclgateway.routing.rules;

import java.util.Locale;

/**
 * Whether a raw request path means one thing to everyone. Rules match the path exactly as it is
 * forwarded; a path that an upstream might read differently (empty or dot segments, encoded
 * slashes or dots, path parameters, backslashes, control characters) could slip past a
 * {@code paths} rule, so such a path is refused rather than guessed at.
 */
public final class RequestPath {

	private RequestPath() {
	}

	/** Why the raw path is ambiguous, or {@code null} when it is not. */
	public static String ambiguity(String rawPath) {
		if (rawPath.isEmpty() || rawPath.charAt(0) != '/') {
			return "the path must start with '/'";
		}
		String lower = rawPath.toLowerCase(Locale.ROOT);
		if (lower.contains("%2f") || lower.contains("%5c") || lower.contains("%2e") || lower.contains("%00")
				|| lower.contains("%3b")) {
			return "the path encodes '/', '\\\\', '.', ';' or NUL";
		}
		for (int i = 0; i < rawPath.length(); i++) {
			char c = rawPath.charAt(i);
			if (c == '\\' || c == ';' || c < 0x20 || c == 0x7f) {
				return "the path holds '\\\\', ';' or a control character";
			}
		}
		String[] segments = rawPath.substring(1).split("/", -1);
		for (int i = 0; i < segments.length; i++) {
			String segment = segments[i];
			boolean last = i == segments.length - 1;
			if ((segment.isEmpty() && !last) || segment.equals(".") || segment.equals("..")) {
				return "the path has an empty or dot segment";
			}
		}
		return null;
	}

}
