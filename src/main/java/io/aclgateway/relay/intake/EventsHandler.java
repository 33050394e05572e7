package io.aclgateway.relay.intake;

import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.BodyExtractors;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

import io.aclgateway.relay.core.EventRelay;
import io.aclgateway.relay.core.RelayOutcome;
import io.aclgateway.support.ProblemDetails;
import io.aclgateway.support.RetryAfter;

/**
 * {@code POST /events} as events.md section 1, the HTTP adapter of the relay: content
 * type, bounded read and signature here; the relay validates, translates and sends; its
 * outcome becomes the answer (202 only once the queue has acknowledged every message),
 * counted by its code.
 */
public final class EventsHandler {

	private static final Logger logger = LoggerFactory.getLogger(EventsHandler.class);

	static final MediaType SINGLE = MediaType.parseMediaType("application/cloudevents+json");

	static final MediaType BATCH = MediaType.parseMediaType("application/cloudevents-batch+json");

	/**
	 * The {@code code} tags of {@code acl_events_requests_total}: one per answer a
	 * request can get.
	 */

	private final WebhookVerifier verifier;

	private final EventRelay relay;

	private final EventsProperties properties;

	/** {@code acl_events_requests_total} by code, built once. */
	private final Map<AnswerCode, Counter> requests;

	public EventsHandler(WebhookVerifier verifier, EventRelay relay, EventsProperties properties,
			MeterRegistry meters) {
		this.verifier = verifier;
		this.relay = relay;
		this.properties = properties;
		// Every series exists at 0 from the start, so that rate() and alerts see the
		// first increase.
		this.requests = new EnumMap<>(AnswerCode.class);
		for (AnswerCode code : AnswerCode.values()) {
			this.requests.put(code, requestCounter(meters, code));
		}
	}

	public Mono<ServerResponse> handle(ServerRequest request) {
		if (!verifier.hasSecrets()) {
			// Nothing can be authentic (operations.md): say so before looking at anything
			// else.
			return unauthenticated();
		}
		MediaType contentType;
		try {
			contentType = request.headers().contentType().orElse(null);
		}
		catch (InvalidMediaTypeException ex) {
			contentType = null;
		}
		if (contentType == null
				|| !(contentType.equalsTypeAndSubtype(SINGLE) || contentType.equalsTypeAndSubtype(BATCH))) {
			return problem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, AnswerCode.UNSUPPORTED_MEDIA_TYPE,
					"Content-Type must be application/cloudevents+json or application/cloudevents-batch+json");
		}
		boolean batch = contentType.equalsTypeAndSubtype(BATCH);
		OptionalLong declared = request.headers().contentLength();
		if (declared.isPresent() && declared.getAsLong() > properties.maxRequestBytes()) {
			return tooLarge();
		}
		// The limit counts the bytes actually read, so a chunked body without
		// Content-Length is held to it too.
		return DataBufferUtils.join(request.body(BodyExtractors.toDataBuffers()), properties.maxRequestBytes())
			.map(EventsHandler::bytes)
			.defaultIfEmpty(new byte[0])
			.flatMap(body -> authenticated(request, body, batch))
			.onErrorResume(DataBufferLimitException.class, ex -> tooLarge());
	}

	private static byte[] bytes(DataBuffer buffer) {
		try {
			byte[] bytes = new byte[buffer.readableByteCount()];
			buffer.read(bytes);
			return bytes;
		}
		finally {
			DataBufferUtils.release(buffer);
		}
	}

	private Mono<ServerResponse> authenticated(ServerRequest request, byte[] body, boolean batch) {
		var headers = request.headers();
		if (!verifier.isAuthentic(headers.firstHeader("webhook-id"), headers.firstHeader("webhook-timestamp"),
				headers.firstHeader("webhook-signature"), body)) {
			return unauthenticated();
		}
		EventsBody events = EventsBody.read(body, batch);
		if (events instanceof EventsBody.Refused refused) {
			return problem(HttpStatus.BAD_REQUEST, refused.code(), refused.detail());
		}
		return relay.relay(((EventsBody.Events) events).events()).flatMap(this::answer);
	}

	private Mono<ServerResponse> answer(RelayOutcome outcome) {
		if (outcome instanceof RelayOutcome.TranslationFault fault) {
			fault.mistranslated()
				.forEach(event -> logger.error(
						"POST /events: the legacy message {} of event {} ({}) fails the legacy JSON Schema, so nothing"
								+ " of its request was sent (a translator bug, answered 500 translation_failed): {}",
						event.command(), event.event().meta().id(), event.event().type().wireName(),
						event.violations()));
		}
		return respond(EventsAnswer.of(outcome));
	}

	/**
	 * Requests answered, by the answer's code, including those answered before any event
	 * was read (401, 413).
	 */
	private static Counter requestCounter(MeterRegistry meters, AnswerCode code) {
		return Counter.builder("acl.events.requests")
			.description("POST /events requests answered, by the answer's code (accepted or the problem's code)")
			.tag("code", code.wireName())
			.register(meters);
	}

	private Mono<ServerResponse> unauthenticated() {
		return problem(HttpStatus.UNAUTHORIZED, AnswerCode.UNAUTHENTICATED, "The request is not signed as agreed.");
	}

	private Mono<ServerResponse> tooLarge() {
		return problem(HttpStatus.CONTENT_TOO_LARGE, AnswerCode.REQUEST_TOO_LARGE,
				"The body is larger than " + properties.maxRequestBytes() + " bytes.");
	}

	private Mono<ServerResponse> problem(HttpStatus status, AnswerCode code, String detail) {
		return respond(EventsAnswer.problem(status, code, detail));
	}

	/**
	 * Every answer goes out here and is counted by its code; a 503 says when to resend.
	 */
	private Mono<ServerResponse> respond(EventsAnswer answer) {
		Objects.requireNonNull(requests.get(answer.code())).increment();
		ServerResponse.BodyBuilder response = ServerResponse.status(answer.status());
		if (answer.status() == HttpStatus.SERVICE_UNAVAILABLE) {
			response.header(RetryAfter.HEADER, RetryAfter.seconds(properties.retryAfter()));
		}
		return response
			.contentType(answer.status().is2xxSuccessful() ? MediaType.APPLICATION_JSON : ProblemDetails.MEDIA_TYPE)
			.bodyValue(answer.body());
	}

}
