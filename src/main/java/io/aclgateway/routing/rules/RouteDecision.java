package io.aclgateway.routing.rules;

/**
 * Where a request goes and why: {@code rule} is the matching rule's name, {@code default}
 * when none matched, the mode's name when a kill switch forced the target, or
 * {@code invalid_path} when the path was refused (the target is then the one it would
 * otherwise have gone to, whose dialect the refusal speaks).
 */
public record RouteDecision(Target target, String rule) {

	/** The rule label of a decision that no rule made. */
	public static final String DEFAULT_RULE = "default";

	/**
	 * The rule label of a refusal: the path has no single meaning ({@link RequestPath}),
	 * so no rule could decide.
	 */
	public static final String INVALID_PATH_RULE = "invalid_path";

	/** The same target, labelled as a refusal of the path. */
	public RouteDecision refusingPath() {
		return new RouteDecision(target, INVALID_PATH_RULE);
	}

}
