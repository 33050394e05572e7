package io.aclgateway.routing.rules;

import java.util.List;

/**
 * A routing file that must not be applied, with every problem found, each naming its
 * field.
 */
public class InvalidRoutingFileException extends Exception {

	private final List<String> problems;

	public InvalidRoutingFileException(List<String> problems) {
		super(String.join("; ", problems));
		this.problems = List.copyOf(problems);
	}

	/** Each problem as {@code <field>: <reason>}. */
	public List<String> problems() {
		return problems;
	}

}
