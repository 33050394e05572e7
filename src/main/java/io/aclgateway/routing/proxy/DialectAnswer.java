package io.aclgateway.routing.proxy;

import java.time.Duration;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;

import io.aclgateway.routing.rules.Target;
import io.aclgateway.support.ErrorDialect;
import io.aclgateway.support.RetryAfter;

/**
 * Writes an answer of the gateway's own in the dialect of the client's target
 * (operations.md).
 */
public final class DialectAnswer {

	private DialectAnswer() {
	}

	/**
	 * Writes the answer; {@code retryAfter}, when given, becomes the {@code Retry-After}
	 * header.
	 */
	public static Mono<Void> write(ServerWebExchange exchange, Target target, HttpStatus status, String code,
			String message, @Nullable Duration retryAfter) {
		ErrorDialect dialect = (target == Target.LEGACY) ? ErrorDialect.LEGACY : ErrorDialect.PROBLEM;
		ServerHttpResponse response = exchange.getResponse();
		response.setStatusCode(status);
		response.getHeaders().clear();
		response.getHeaders().setContentType(dialect.mediaType());
		if (retryAfter != null) {
			response.getHeaders().set(RetryAfter.HEADER, RetryAfter.seconds(retryAfter));
		}
		DataBuffer body = response.bufferFactory().wrap(dialect.render(status, code, message));
		return response.writeWith(Mono.just(body));
	}

	/** Counts the answer in {@link UpstreamErrors} under {@code code}, then writes it. */
	public static Mono<Void> counted(ServerWebExchange exchange, UpstreamErrors errors, Target target,
			HttpStatus status, UpstreamErrors.Code code, String message, @Nullable Duration retryAfter) {
		errors.count(target, code);
		return write(exchange, target, status, code.wireName(), message, retryAfter);
	}

}
