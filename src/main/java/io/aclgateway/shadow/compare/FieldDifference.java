package io.aclgateway.shadow.compare;

import java.util.Objects;

/**
 * One field that differs: its pattern ({@code field}: a pointer with array indices, ids
 * as keys and segments beyond {@link AnswerComparator#MAX_FIELD_SEGMENTS} replaced, safe
 * as a metric tag), the concrete pointer (inside the compared resource), and both values
 * as JSON text cut short (no more than {@link #MAX_VALUE_CHARS} characters each;
 * {@link #ABSENT} for a side that has no value there).
 */
public record FieldDifference(String field, String pointer, String legacy, String falcon) {

	/** How much of a value a difference keeps. */
	public static final int MAX_VALUE_CHARS = 64;

	/**
	 * The value of a side that has nothing at the pointer; never JSON text, so never
	 * mistaken for a value (the string "absent" shows as {@code "absent"} with its
	 * quotes).
	 */
	public static final String ABSENT = "(absent)";

	public FieldDifference {
		Objects.requireNonNull(field, "field");
		Objects.requireNonNull(pointer, "pointer");
		Objects.requireNonNull(legacy, "legacy");
		Objects.requireNonNull(falcon, "falcon");
	}

	/**
	 * A value cut to {@link #MAX_VALUE_CHARS}, its last character an ellipsis when cut.
	 */
	static String cut(String value) {
		if (value.length() <= MAX_VALUE_CHARS) {
			return value;
		}
		int end = MAX_VALUE_CHARS - 1;
		if (Character.isHighSurrogate(value.charAt(end - 1))) {
			end--;
		}
		return value.substring(0, end) + "…";
	}

}
