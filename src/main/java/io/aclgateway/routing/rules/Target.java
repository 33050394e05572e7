package io.aclgateway.routing.rules;

import java.util.Optional;

/** The two backends a public request can go to. */
public enum Target {

	FALCON("falcon"), LEGACY("legacy");

	private final String wireName;

	Target(String wireName) {
		this.wireName = wireName;
	}

	/** The lowercase name used in the routing file, metrics and debug headers. */
	public String wireName() {
		return wireName;
	}

	static Optional<Target> fromWireName(String name) {
		for (Target target : values()) {
			if (target.wireName().equals(name)) {
				return Optional.of(target);
			}
		}
		return Optional.empty();
	}

}
