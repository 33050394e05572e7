package io.aclgateway.routing.gateway;

import java.time.Duration;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;

import io.aclgateway.routing.rules.Target;
import io.aclgateway.support.ErrorDialect;

/** Writes an answer of the gateway's own in the dialect of the client's target (operations.md). */
final class DialectAnswer {

	private DialectAnswer() {
	}

	static Mono<Void> write(ServerWebExchange exchange, Target target, HttpStatus status, String code, String message,
			@Nullable Duration retryAfter) {
		ErrorDialect dialect = (target == Target.LEGACY) ? ErrorDialect.LEGACY : ErrorDialect.PROBLEM;
		ServerHttpResponse response = exchange.getResponse();
		response.setStatusCode(status);
		response.getHeaders().clear();
		response.getHeaders().setContentType(dialect.mediaType());
		if (retryAfter != null) {
			response.getHeaders().set("Retry-After", Long.toString(Math.max(1, retryAfter.toSeconds())));
		}
		DataBuffer body = response.bufferFactory().wrap(dialect.render(status, code, message));
		return response.writeWith(Mono.just(body));
	}

}
