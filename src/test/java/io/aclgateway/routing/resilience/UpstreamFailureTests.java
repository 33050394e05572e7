package io.aclgateway.routing.resilience;

import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.util.concurrent.TimeoutException;

import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.timeout.ReadTimeoutException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

import io.aclgateway.routing.proxy.UpstreamErrors.Code;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the client is told when an upstream call fails, and which failures are safe to
 * retry.
 */
class UpstreamFailureTests {

	static Throwable[] timeouts() {
		return new Throwable[] { new TimeoutException(), ReadTimeoutException.INSTANCE,
				new ConnectTimeoutException("connection timed out: falcon-api.internal/10.0.0.7:8080"),
				new ResponseStatusException(HttpStatus.GATEWAY_TIMEOUT, "Response took longer than timeout"),
				new RuntimeException("wrapped", new TimeoutException()) };
	}

	static Throwable[] unreachable() {
		return new Throwable[] { new ConnectException("Connection refused: falcon-api.internal/10.0.0.7:8080"),
				new UnknownHostException("falcon-api.internal"), new IOException("Connection reset by peer"),
				new IllegalStateException("anything else"),
				// The first I/O error decides: a timeout beneath it is how the connection
				// died, not a slow answer.
				new IOException("closed", new TimeoutException()) };
	}

	@ParameterizedTest
	@MethodSource("timeouts")
	void aTimeoutAnywhereInTheCausesIsAGatewayTimeoutNeverRetried(Throwable error) {
		UpstreamFailure failure = UpstreamFailure.of(error);

		assertThat(failure.status()).isEqualTo(HttpStatus.GATEWAY_TIMEOUT);
		assertThat(failure.code()).isEqualTo(Code.UPSTREAM_TIMEOUT);
		assertThat(failure.message()).isEqualTo("The service did not answer in time.");
		assertThat(failure.isConnectionFailure()).isFalse();
	}

	@ParameterizedTest
	@MethodSource("unreachable")
	void anythingElseIsABadGatewaySafeToRetryForAnIdempotentRequest(Throwable error) {
		UpstreamFailure failure = UpstreamFailure.of(error);

		assertThat(failure.status()).isEqualTo(HttpStatus.BAD_GATEWAY);
		assertThat(failure.code()).isEqualTo(Code.UPSTREAM_UNAVAILABLE);
		assertThat(failure.message()).isEqualTo("The service could not be reached.");
		assertThat(failure.isConnectionFailure()).isTrue();
	}

	@ParameterizedTest
	@MethodSource({ "timeouts", "unreachable" })
	void theMessageNeverEchoesTheExceptionWhichMayNameHosts(Throwable error) {
		assertThat(UpstreamFailure.of(error).message()).doesNotContain("falcon-api").doesNotContain("10.0.0.7");
	}

	@Test
	void refusalsBeforeTheCallAreServiceUnavailableAndNeverRetried() {
		assertThat(UpstreamFailure.circuitOpen()).satisfies(failure -> {
			assertThat(failure.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
			assertThat(failure.code()).isEqualTo(Code.UPSTREAM_UNAVAILABLE);
			assertThat(failure.isConnectionFailure()).isFalse();
		});
		assertThat(UpstreamFailure.bulkheadFull().code()).isEqualTo(Code.TOO_MANY_REQUESTS);
		assertThat(UpstreamFailure.streamsFull().code()).isEqualTo(Code.TOO_MANY_REQUESTS);
		assertThat(UpstreamFailure.bulkheadFull().status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
		assertThat(UpstreamFailure.streamsFull().status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
	}

}
