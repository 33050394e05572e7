package io.aclgateway.routing.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A JSON pointer pattern of a shadow rule's {@code ignore} or {@code unordered} list
 * (shadow.md section 1): a JSON pointer (RFC 6901: {@code ""} is the whole document,
 * every other pointer starts with {@code /}, {@code ~1} stands for {@code /} and
 * {@code ~0} for {@code ~} in a key) whose segments may be {@code *} (exactly one
 * segment: a key or an array index) or {@code **} (any number of segments, zero
 * included). A segment that only contains {@code *} among other characters is refused, as
 * in path patterns: a key with a {@code *} in it cannot be named, only matched by
 * {@code *}.
 */
public record PointerPattern(String pattern) {

	/** Refuses a text that is not a pattern, so that every instance can be matched. */
	public PointerPattern {
		Objects.requireNonNull(pattern, "pattern");
		for (String segment : keys(pattern)) {
			if (segment.contains("*") && !segment.equals("*") && !segment.equals("**")) {
				throw new IllegalArgumentException(
						"'*' and '**' must be a whole segment, not part of '" + segment + "'");
			}
		}
	}

	/** Compiles a pattern, or throws with the reason it is not one. */
	public static PointerPattern compile(String pattern) {
		return new PointerPattern(pattern);
	}

	/**
	 * The keys of a concrete JSON pointer, unescaped ({@code ~1} to {@code /}, {@code ~0}
	 * to {@code ~}); {@code ""} has none. Throws with the reason when the text is not a
	 * JSON pointer.
	 */
	public static List<String> keys(String pointer) {
		if (pointer.isEmpty()) {
			return List.of();
		}
		if (pointer.charAt(0) != '/') {
			throw new IllegalArgumentException("'" + pointer + "' must start with '/' (or be \"\" for the whole body)");
		}
		List<String> keys = new ArrayList<>();
		StringBuilder key = new StringBuilder();
		for (int i = 1; i <= pointer.length(); i++) {
			char c = (i < pointer.length()) ? pointer.charAt(i) : '/';
			if (c == '/') {
				keys.add(key.toString());
				key.setLength(0);
			}
			else if (c == '~') {
				char next = (i + 1 < pointer.length()) ? pointer.charAt(i + 1) : ' ';
				if (next != '0' && next != '1') {
					throw new IllegalArgumentException("'" + pointer
							+ "' has a '~' not followed by 0 or 1 (write '~0' for '~' and '~1' for '/' in a key)");
				}
				key.append((next == '0') ? '~' : '/');
				i++;
			}
			else {
				key.append(c);
			}
		}
		return keys;
	}

	/**
	 * Checks a pointer to one place ({@code compare.legacy}, {@code compare.falcon}): a
	 * JSON pointer without {@code *} or {@code **} segments. Returns it, or throws with
	 * the reason.
	 */
	public static String pointer(String text) {
		if (keys(text).stream().anyMatch(key -> key.equals("*") || key.equals("**"))) {
			throw new IllegalArgumentException(
					"'" + text + "' must point to one place: '*' and '**' belong in ignore and unordered");
		}
		return text;
	}

	/**
	 * Whether a concrete JSON pointer (array indices as numbers, keys escaped as RFC 6901
	 * says) matches; a text that is not a JSON pointer matches nothing.
	 */
	public boolean matches(String pointer) {
		List<String> keys;
		try {
			keys = keys(pointer);
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
		return matches(keys);
	}

	/**
	 * Whether the keys of a concrete pointer, unescaped, match. Takes time proportional
	 * to the pattern's and the pointer's segments multiplied, never more, as
	 * {@link PathGlob#matches} does: the keys come from upstream answers. (The pattern is
	 * read again on each call: a record holds no more than its text, and a pattern is a
	 * few dozen characters.)
	 */
	public boolean matches(List<String> keys) {
		List<String> segments = keys(pattern);
		int patternIndex = 0;
		int keyIndex = 0;
		// As in PathGlob: on a mismatch only the last '**' seen takes one more key.
		int lastDoubleStar = -1;
		int lastDoubleStarKey = -1;
		while (keyIndex < keys.size()) {
			String segment = (patternIndex < segments.size()) ? segments.get(patternIndex) : null;
			if ("**".equals(segment)) {
				lastDoubleStar = patternIndex++;
				lastDoubleStarKey = keyIndex;
			}
			else if (segment != null && (segment.equals("*") || segment.equals(keys.get(keyIndex)))) {
				patternIndex++;
				keyIndex++;
			}
			else if (lastDoubleStar >= 0) {
				patternIndex = lastDoubleStar + 1;
				keyIndex = ++lastDoubleStarKey;
			}
			else {
				return false;
			}
		}
		while (patternIndex < segments.size() && segments.get(patternIndex).equals("**")) {
			patternIndex++;
		}
		return patternIndex == segments.size();
	}

	/** Whether the pattern matches the whole document (the pointer {@code ""}). */
	public boolean matchesWholeDocument() {
		return matches(List.of());
	}

	@Override
	public String toString() {
		return pattern;
	}

}
