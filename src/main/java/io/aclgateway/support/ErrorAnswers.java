package io.aclgateway.support;

import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.ErrorResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;

/**
 * Every error that reaches Spring's error handling (no handler for a path on the
 * management port, a method no route takes, an exception nothing else answered) is
 * answered in a dialect with a stable code, before Boot's handler could write its own
 * JSON. Each server says which dialect: problem+json on the management port; on the
 * public port that of the request's target.
 */
public class ErrorAnswers implements WebExceptionHandler, Ordered {

	/**
	 * Before Boot's {@code DefaultErrorWebExceptionHandler} (-1), so that it never writes
	 * an answer.
	 */
	static final int ORDER = -2;

	/**
	 * The management server also sees the public context's handlers: its own goes
	 * strictly first, rather than by the order in which bean names happen to sort.
	 */
	static final int MANAGEMENT_ORDER = ORDER - 1;

	private static final Logger logger = LoggerFactory.getLogger(ErrorAnswers.class);

	private final Function<ServerWebExchange, ErrorDialect> dialect;

	private final int order;

	public ErrorAnswers(Function<ServerWebExchange, ErrorDialect> dialect) {
		this(dialect, ORDER);
	}

	ErrorAnswers(Function<ServerWebExchange, ErrorDialect> dialect, int order) {
		this.dialect = dialect;
		this.order = order;
	}

	@Override
	public Mono<Void> handle(ServerWebExchange exchange, Throwable error) {
		ServerHttpResponse response = exchange.getResponse();
		if (response.isCommitted()) {
			return Mono.error(error);
		}
		HttpStatusCode statusCode = (error instanceof ErrorResponse answer) ? answer.getStatusCode()
				: HttpStatus.INTERNAL_SERVER_ERROR;
		HttpStatus status = HttpStatus.resolve(statusCode.value());
		if (status == null) {
			status = statusCode.is4xxClientError() ? HttpStatus.BAD_REQUEST : HttpStatus.INTERNAL_SERVER_ERROR;
		}
		Answer answer = Answer.of(status);
		ErrorDialect dialect = dialect(exchange);
		response.setStatusCode(status);
		response.getHeaders().clear();
		if (error instanceof ErrorResponse withHeaders) {
			// Allow on a 405, Accept on a 415: headers that tell the client what would
			// work.
			response.getHeaders().putAll(withHeaders.getHeaders());
		}
		response.getHeaders().setContentType(dialect.mediaType());
		DataBuffer body = response.bufferFactory().wrap(dialect.render(status, answer.code(), answer.message()));
		Mono<Void> logged = status.is5xxServerError()
				? TraceLogging.write(exchange, () -> logger.error("Unanswered error for {} {}",
						exchange.getRequest().getMethod(), exchange.getRequest().getPath().value(), error))
				: Mono.empty();
		return logged.then(Mono.defer(() -> response.writeWith(Mono.just(body))));
	}

	private ErrorDialect dialect(ServerWebExchange exchange) {
		try {
			return dialect.apply(exchange);
		}
		catch (RuntimeException unclassifiable) {
			return ErrorDialect.LEGACY;
		}
	}

	@Override
	public int getOrder() {
		return order;
	}

	/**
	 * The stable code and fixed text of each status; never the exception's own message.
	 */
	record Answer(String code, String message) {

		static Answer of(HttpStatus status) {
			return switch (status) {
				case BAD_REQUEST -> new Answer("bad_request", "The request cannot be read.");
				case NOT_FOUND -> new Answer("not_found", "There is nothing at this path.");
				case METHOD_NOT_ALLOWED -> new Answer("method_not_allowed", "This path does not take this method.");
				case NOT_ACCEPTABLE -> new Answer("not_acceptable", "No answer in an accepted media type.");
				case CONTENT_TOO_LARGE -> new Answer("request_too_large", "The request body is too large.");
				case UNSUPPORTED_MEDIA_TYPE ->
					new Answer("unsupported_media_type", "This content type is not accepted here.");
				case TOO_MANY_REQUESTS -> new Answer("too_many_requests", "Too many requests; try again later.");
				case SERVICE_UNAVAILABLE ->
					new Answer("unavailable", "The gateway cannot answer now; try again later.");
				default -> status.is4xxClientError() ? new Answer("bad_request", "The request cannot be answered.")
						: new Answer("internal_error", "The gateway failed to answer this request.");
			};
		}

	}

}
