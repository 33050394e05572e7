package io.aclgateway.routing.rules;

import java.util.Objects;

/**
 * A JSON pointer pattern of a shadow rule's {@code ignore} or {@code unordered} list
 * (shadow.md section 1): a JSON pointer whose segments may be {@code *} (exactly one
 * segment: a key or an array index) or {@code **} (any number of segments, zero
 * included).
 */
public record PointerPattern(String pattern) {

	public PointerPattern {
		Objects.requireNonNull(pattern, "pattern");
	}

	/** Compiles a pattern, or throws with the reason it is not one. */
	public static PointerPattern compile(String pattern) {
		// TODO(shadow-rules): validate the syntax (starts with '/', '*'/'**' whole
		// segments)
		return new PointerPattern(pattern);
	}

	/** Whether a concrete JSON pointer (array indices as numbers) matches. */
	public boolean matches(String pointer) {
		// TODO(shadow-rules): segment matching with '*' and '**', bounded like PathGlob
		return pattern.equals(pointer);
	}

	@Override
	public String toString() {
		return pattern;
	}

}
