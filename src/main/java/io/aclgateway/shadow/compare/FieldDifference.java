package io.aclgateway.shadow.compare;

import java.util.Objects;

/**
 * One field that differs: its pattern ({@code field}: a pointer with array indices as
 * {@code *}, safe as a metric tag), the concrete pointer, and both values cut short (no
 * more than {@link #MAX_VALUE_CHARS} characters each; {@code null} text when absent).
 */
public record FieldDifference(String field, String pointer, String legacy, String falcon) {

	/** How much of a value a difference keeps. */
	public static final int MAX_VALUE_CHARS = 64;

	public FieldDifference {
		Objects.requireNonNull(field, "field");
		Objects.requireNonNull(pointer, "pointer");
		Objects.requireNonNull(legacy, "legacy");
		Objects.requireNonNull(falcon, "falcon");
	}

}
