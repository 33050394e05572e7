package io.aclgateway.shadow;

import java.util.List;
import java.util.Objects;

import io.aclgateway.shadow.compare.FieldDifference;
import io.aclgateway.shadow.compare.ShadowOutcome;

/**
 * How one shadow comparison ended, as reported: the rule, the outcome, the request's
 * method and path without the query, and the differing fields (values cut short; empty
 * unless the answers differed).
 */
public record ShadowResult(String rule, ShadowOutcome outcome, String method, String path,
		List<FieldDifference> differences) {

	public ShadowResult {
		Objects.requireNonNull(rule, "rule");
		Objects.requireNonNull(outcome, "outcome");
		Objects.requireNonNull(method, "method");
		Objects.requireNonNull(path, "path");
		differences = List.copyOf(differences);
	}

}
