package io.aclgateway.shadow.compare;

import java.util.List;

/**
 * What comparing two answers found: the differing fields (the status as the field
 * {@code "status"} when its class differs), empty when they match; {@code complete} is
 * false when the comparator's budget (nodes walked, differences kept) stopped it before
 * every part was compared, so the differences are the first ones found and an empty list
 * does not mean the answers match.
 */
public record Comparison(List<FieldDifference> differences, boolean complete) {

	public Comparison {
		differences = List.copyOf(differences);
	}

	/** A comparison that compared everything. */
	public Comparison(List<FieldDifference> differences) {
		this(differences, true);
	}

	/** Everything was compared and nothing differs. */
	public boolean matches() {
		return complete && differences.isEmpty();
	}

}
