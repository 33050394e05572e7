package io.aclgateway.routing.rules;

/**
 * Where a request goes and why: {@code rule} is the matching rule's name, {@code default} when
 * none matched, or the mode's name when a kill switch forced the target.
 */
public record RouteDecision(Target target, String rule) {

	/** The rule label of a decision that no rule made. */
	public static final String DEFAULT_RULE = "default";

}
