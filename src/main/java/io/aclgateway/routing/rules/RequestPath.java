package io.aclgateway.routing.rules;

import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * A request path read for its one meaning (routing.md "Forwarding"). Two spellings that
 * every upstream reads as the same path get the same {@code normal} form, which rules
 * match and the target receives: percent-encoded unreserved characters decoded, the hex
 * of the remaining percent-encodings in upper case, repeated slashes merged (as Envoy's
 * {@code merge_slashes}). A path with no single meaning is not guessed at:
 * {@code problem} says why it is refused.
 * <p>
 * Refused, because upstreams disagree on what they mean: an encoded {@code /} or
 * {@code \} (one segment or two), NUL (C strings end there), dot segments, also encoded
 * (resolved by some, kept by others), a raw {@code \} or control character (not a URI
 * character; some servers read {@code \} as {@code /}), and {@code ;} raw or encoded
 * (servlet containers and Spring cut path parameters from a segment, PHP and nginx keep
 * them as text, and some readers decode before they cut).
 *
 * @param normal the path's normal form; for a refused path, as far as it could be
 * normalised (still good enough to decide which target's dialect the refusal speaks)
 * @param problem why the path has no single meaning, or {@code null} when it has one
 */
public record RequestPath(String normal, @Nullable String problem) {

	private static final char[] HEX = "0123456789ABCDEF".toCharArray();

	public RequestPath {
		Objects.requireNonNull(normal, "normal");
	}

	/** Reads a raw path (as received, percent-encodings and all, without the query). */
	public static RequestPath of(String rawPath) {
		if (rawPath.isEmpty() || rawPath.charAt(0) != '/') {
			return new RequestPath(rawPath, "the path must start with '/'");
		}
		StringBuilder normal = new StringBuilder(rawPath.length());
		String problem = null;
		for (int i = 0; i < rawPath.length(); i++) {
			char c = rawPath.charAt(i);
			if (c == '%') {
				int value = (i + 2 < rawPath.length()) ? hexValue(rawPath.charAt(i + 1), rawPath.charAt(i + 2)) : -1;
				if (value < 0) {
					problem = first(problem, "a '%' is not followed by two hex digits");
					normal.append(c);
					continue;
				}
				i += 2;
				if (isUnreserved(value)) {
					normal.append((char) value);
					continue;
				}
				if (value == '/' || value == '\\') {
					problem = first(problem, "the path encodes '/' or '\\'");
				}
				else if (value == 0) {
					problem = first(problem, "the path encodes NUL");
				}
				else if (value == ';') {
					problem = first(problem, "the path encodes ';'");
				}
				normal.append('%').append(HEX[value >> 4]).append(HEX[value & 0xF]);
			}
			else if (c == '/') {
				// Decoded characters are never '/', so the last character tells whether a
				// slash repeats.
				if (normal.isEmpty() || normal.charAt(normal.length() - 1) != '/') {
					normal.append(c);
				}
			}
			else {
				if (c == ';') {
					problem = first(problem, "the path has path parameters (';')");
				}
				else if (c == '\\' || c < 0x20 || c == 0x7f) {
					problem = first(problem, "the path holds '\\' or a control character");
				}
				normal.append(c);
			}
		}
		String path = normal.toString();
		if (problem == null && hasDotSegment(path)) {
			problem = "the path has a '.' or '..' segment";
		}
		return new RequestPath(path, problem);
	}

	/** Whether the path has no single meaning and is refused. */
	public boolean refused() {
		return problem != null;
	}

	private static boolean hasDotSegment(String path) {
		for (String segment : path.substring(1).split("/", -1)) {
			if (segment.equals(".") || segment.equals("..")) {
				return true;
			}
		}
		return false;
	}

	// RFC 3986 section 2.3: ALPHA / DIGIT / "-" / "." / "_" / "~".
	private static boolean isUnreserved(int c) {
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
				|| c == '_' || c == '~';
	}

	private static int hexValue(char high, char low) {
		int h = Character.digit(high, 16);
		int l = Character.digit(low, 16);
		return (h < 0 || l < 0 || high > 'f' || low > 'f') ? -1 : h * 16 + l;
	}

	private static String first(@Nullable String problem, String next) {
		return (problem != null) ? problem : next;
	}

}
