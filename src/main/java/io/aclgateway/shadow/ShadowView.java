package io.aclgateway.shadow;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * What {@code /actuator/shadow} shows (shadow.md section 3): this pod's comparisons per
 * shadow rule since it started. Nothing of a request but its method and path without the
 * query, and the differing values cut short.
 *
 * @param at when the view was taken
 * @param rules the rules in force, in the file's order, then rules that left the file
 * since start-up (their counts stay until restart)
 */
public record ShadowView(Instant at, List<RuleView> rules) {

	/**
	 * One rule's comparisons.
	 *
	 * @param name the rule's name in the routing file
	 * @param inForce whether the routing file in force still has the rule
	 * @param since when this pod began counting for the rule
	 * @param outcomes the comparisons by outcome, every outcome listed
	 * @param compared the comparisons that speak about Falcon's answers: {@code match},
	 * {@code mismatch}, {@code noise} and {@code converged} ({@code lagging} waits for
	 * its recheck, {@code falcon_error} and {@code skipped} compared nothing)
	 * @param mismatchRate {@code mismatch} / {@code compared}, {@code null} before the
	 * first comparison
	 * @param mismatchRateUpper95 the 95 % upper bound of the mismatch rate (1 before the
	 * first comparison)
	 * @param differingFields the fields that differ most in {@code mismatch} comparisons,
	 * most first (at most 10)
	 * @param noiseFields the fields that differ most in {@code noise} comparisons (legacy
	 * varies in them itself), most first (at most 10)
	 * @param recentMismatches the last {@code mismatch} comparisons, newest first (at
	 * most 10)
	 */
	public record RuleView(String name, boolean inForce, Instant since, Map<String, Long> outcomes, long compared,
			@Nullable Double mismatchRate, double mismatchRateUpper95, List<FieldCount> differingFields,
			List<FieldCount> noiseFields, List<Mismatch> recentMismatches) {
	}

	/**
	 * How many comparisons a field differed in.
	 *
	 * @param field the pointer pattern, array indices as {@code *} ({@code other}: the
	 * fields beyond the rule's first 50 distinct ones)
	 * @param count the comparisons it differed in
	 */
	public record FieldCount(String field, long count) {
	}

	/**
	 * One {@code mismatch} comparison.
	 *
	 * @param at when it was recorded
	 * @param method the request's method
	 * @param path the request's path, without the query
	 * @param differences the differing pointers, values cut short
	 */
	public record Mismatch(Instant at, String method, String path, List<Difference> differences) {
	}

	/**
	 * One differing pointer.
	 *
	 * @param pointer the concrete JSON pointer
	 * @param legacy legacy's value, cut short
	 * @param falcon Falcon's value, cut short
	 */
	public record Difference(String pointer, String legacy, String falcon) {
	}

}
