package io.aclgateway.relay.release;

import java.util.List;

/**
 * A release file that must not be applied, with every problem found, each naming its
 * place.
 */
public class InvalidReleaseFileException extends Exception {

	private final List<String> problems;

	public InvalidReleaseFileException(List<String> problems) {
		super(String.join("; ", problems));
		this.problems = List.copyOf(problems);
	}

	/** Each problem as {@code <place>: <reason>}, in the order of the file. */
	public List<String> problems() {
		return problems;
	}

}
