package io.aclgateway.routing.rules;

import java.util.Optional;

import io.aclgateway.routing.client.WireNamed;

/**
 * How the routing file decides: by its rules, or everything to one side (the kill
 * switch).
 */
public enum Mode implements WireNamed {

	RULES("rules"), LEGACY_ONLY("legacy-only"), FALCON_ONLY("falcon-only");

	private final String wireName;

	Mode(String wireName) {
		this.wireName = wireName;
	}

	/**
	 * The name the routing file uses, also the rule label of a decision the mode forced.
	 */
	@Override
	public String wireName() {
		return wireName;
	}

	static Optional<Mode> fromWireName(String name) {
		return WireNamed.fromWireName(values(), name);
	}

}
