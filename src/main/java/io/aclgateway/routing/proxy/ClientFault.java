package io.aclgateway.routing.proxy;

import java.util.Optional;

import org.springframework.http.HttpStatus;

/**
 * A request found at fault while it was being forwarded (a body that grows past its
 * limit): not the upstream's failure, so no outcome for its breaker and no retry, and
 * answered with its own status and code if nothing was answered yet. Thrown by a stage of
 * the pipeline, answered by the guard.
 */
public abstract class ClientFault extends RuntimeException {

	private final HttpStatus status;

	private final UpstreamErrors.Code code;

	private final String answer;

	protected ClientFault(String internal, HttpStatus status, UpstreamErrors.Code code, String answer) {
		super(internal, null, false, false);
		this.status = status;
		this.code = code;
		this.answer = answer;
	}

	public HttpStatus status() {
		return status;
	}

	public UpstreamErrors.Code code() {
		return code;
	}

	/** The message the client is told; never the exception's own text. */
	public String answer() {
		return answer;
	}

	/** The client's fault in {@code error}'s causes, if any. */
	public static Optional<ClientFault> in(Throwable error) {
		for (Throwable cause = error; cause != null; cause = cause.getCause()) {
			if (cause instanceof ClientFault fault) {
				return Optional.of(fault);
			}
		}
		return Optional.empty();
	}

}
