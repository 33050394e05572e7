package io.aclgateway.shadow.compare;

import java.util.List;

/**
 * What comparing two answers found: the differing fields (the status as the field
 * {@code "status"} when its class differs), empty when they match.
 */
public record Comparison(List<FieldDifference> differences) {

	public Comparison {
		differences = List.copyOf(differences);
	}

	public boolean matches() {
		return differences.isEmpty();
	}

}
