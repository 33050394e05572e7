package io.aclgateway.routing.rules;

import java.util.Optional;

import io.aclgateway.routing.client.WireNamed;

/** The two backends a public request can go to. */
public enum Target implements WireNamed {

	FALCON("falcon"), LEGACY("legacy");

	private final String wireName;

	Target(String wireName) {
		this.wireName = wireName;
	}

	/** The lowercase name used in the routing file, metrics and debug headers. */
	@Override
	public String wireName() {
		return wireName;
	}

	static Optional<Target> fromWireName(String name) {
		return WireNamed.fromWireName(values(), name);
	}

}
