package io.aclgateway.routing.rules;

import java.util.List;
import java.util.Objects;

/**
 * What a shadow rule compares (shadow.md section 1, {@code compare}): the JSON pointer to
 * the resource in each answer ({@code ""} = the whole body), the pointer patterns never
 * compared, the arrays compared as multisets, and whether status classes are compared.
 */
public record ShadowComparison(String legacy, String falcon, List<PointerPattern> ignore,
		List<PointerPattern> unordered, boolean status) {

	/**
	 * The whole bodies, everything compared, arrays in order, status classes compared.
	 */
	public static final ShadowComparison WHOLE_BODIES = new ShadowComparison("", "", List.of(), List.of(), true);

	public ShadowComparison {
		Objects.requireNonNull(legacy, "legacy");
		Objects.requireNonNull(falcon, "falcon");
		ignore = List.copyOf(ignore);
		unordered = List.copyOf(unordered);
	}

}
