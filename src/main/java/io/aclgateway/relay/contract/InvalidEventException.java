package io.aclgateway.relay.contract;

/** Thrown while reading an event to stop at its first problem. */
public class InvalidEventException extends RuntimeException {

	private final EventProblem problem;

	public InvalidEventException(String code, String detail) {
		super(detail, null, false, false);
		this.problem = new EventProblem(code, detail);
	}

	public EventProblem problem() {
		return problem;
	}

}
