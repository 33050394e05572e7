package io.aclgateway.shadow.compare;

import java.util.Objects;

/**
 * One side's answer as compared: its status and its body, already decoded (no
 * {@code Content-Encoding}) and at most the body budget long.
 */
public record Answer(int status, byte[] body) {

	public Answer {
		Objects.requireNonNull(body, "body");
	}

}
