package io.aclgateway.routing.rules;

import java.util.Optional;

/** How the routing file decides: by its rules, or everything to one side (the kill switch). */
public enum Mode {

	RULES("rules"), LEGACY_ONLY("legacy-only"), FALCON_ONLY("falcon-only");

	private final String wireName;

	Mode(String wireName) {
		this.wireName = wireName;
	}

	/** The name the routing file uses, also the rule label of a decision the mode forced. */
	public String wireName() {
		return wireName;
	}

	static Optional<Mode> fromWireName(String name) {
		for (Mode mode : values()) {
			if (mode.wireName.equals(name)) {
				return Optional.of(mode);
			}
		}
		return Optional.empty();
	}

}
