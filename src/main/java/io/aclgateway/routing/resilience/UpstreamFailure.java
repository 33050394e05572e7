package io.aclgateway.routing.resilience;

import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.util.concurrent.TimeoutException;

import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.timeout.ReadTimeoutException;

import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

import io.aclgateway.routing.proxy.UpstreamErrors.Code;

/**
 * What the client is told when an upstream call fails: status, stable code, and a plain
 * message.
 */
record UpstreamFailure(HttpStatus status, Code code, String message) {

	/**
	 * Whether the call failed to connect or was cut before any answer: safe to repeat for
	 * an idempotent request.
	 */
	boolean isConnectionFailure() {
		return code == Code.UPSTREAM_UNAVAILABLE && status == HttpStatus.BAD_GATEWAY;
	}

	static UpstreamFailure circuitOpen() {
		return new UpstreamFailure(HttpStatus.SERVICE_UNAVAILABLE, Code.UPSTREAM_UNAVAILABLE,
				"The service is failing and is given time to recover; try again shortly.");
	}

	static UpstreamFailure bulkheadFull() {
		return new UpstreamFailure(HttpStatus.SERVICE_UNAVAILABLE, Code.TOO_MANY_REQUESTS,
				"The service has too many requests in progress; try again shortly.");
	}

	static UpstreamFailure streamsFull() {
		return new UpstreamFailure(HttpStatus.SERVICE_UNAVAILABLE, Code.TOO_MANY_REQUESTS,
				"The service has too many open streams; try again shortly.");
	}

	/**
	 * Classifies an error from the upstream call; never echoes the exception's text,
	 * which may name hosts.
	 */
	static UpstreamFailure of(Throwable error) {
		for (Throwable cause = error; cause != null; cause = cause.getCause()) {
			if (cause instanceof TimeoutException || cause instanceof ReadTimeoutException
					|| cause instanceof ConnectTimeoutException || (cause instanceof ResponseStatusException status
							&& status.getStatusCode().value() == HttpStatus.GATEWAY_TIMEOUT.value())) {
				return new UpstreamFailure(HttpStatus.GATEWAY_TIMEOUT, Code.UPSTREAM_TIMEOUT,
						"The service did not answer in time.");
			}
			if (cause instanceof ConnectException || cause instanceof UnknownHostException
					|| cause instanceof IOException) {
				break;
			}
		}
		return new UpstreamFailure(HttpStatus.BAD_GATEWAY, Code.UPSTREAM_UNAVAILABLE,
				"The service could not be reached.");
	}

}
