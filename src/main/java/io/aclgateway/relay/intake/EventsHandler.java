package io.aclgateway.relay.intake;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.BodyExtractors;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

import io.aclgateway.relay.contract.EventProblem;
import io.aclgateway.relay.contract.FalconEvent;
import io.aclgateway.relay.contract.FalconEventReader;
import io.aclgateway.relay.contract.FalconEventType;
import io.aclgateway.relay.contract.InvalidEventException;
import io.aclgateway.relay.delivery.DeliveryReport;
import io.aclgateway.relay.delivery.LegacyMessageSender;
import io.aclgateway.relay.translation.LegacyMessage;
import io.aclgateway.relay.translation.LegacyTranslator;
import io.aclgateway.support.ProblemDetails;

/**
 * {@code POST /events} as events.md section 1: authenticate the raw bytes, validate every event,
 * translate, send, and answer 202 only once the queue has acknowledged every message.
 */
public final class EventsHandler {

	static final MediaType SINGLE = MediaType.parseMediaType("application/cloudevents+json");

	static final MediaType BATCH = MediaType.parseMediaType("application/cloudevents-batch+json");

	static final int MAX_BATCH = 100;

	/** The queue refused an event's message for its content: resending the event can never succeed. */
	static final String REJECTED_BY_QUEUE = "rejected_by_queue";

	/** The {@code outcome} tags of {@code acl_events_total}: per event. */
	private static final List<String> EVENT_OUTCOMES = List.of("accepted", "rejected", "failed", REJECTED_BY_QUEUE);

	/** The {@code code} tags of {@code acl_events_requests_total}: one per answer a request can get. */
	private static final List<String> ANSWER_CODES = List.of("accepted", "unauthenticated", "unsupported_media_type",
			"request_too_large", "invalid_json", "invalid_cloudevent", "batch_size", "duplicate_id", "invalid_events",
			"queue_unavailable", REJECTED_BY_QUEUE);

	private final WebhookVerifier verifier;

	private final FalconEventReader reader = new FalconEventReader();

	private final LegacyTranslator translator = new LegacyTranslator();

	private final @Nullable LegacyMessageSender sender;

	private final EventsProperties properties;

	private final MeterRegistry meters;

	private final JsonMapper json = JsonMapper.builder()
		.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
		.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
		.build();

	public EventsHandler(WebhookVerifier verifier, @Nullable LegacyMessageSender sender, EventsProperties properties,
			MeterRegistry meters) {
		this.verifier = verifier;
		this.sender = sender;
		this.properties = properties;
		this.meters = meters;
		// Every series exists at 0 from the start, so that rate() and alerts see the first increase.
		for (FalconEventType type : FalconEventType.values()) {
			EVENT_OUTCOMES.forEach(outcome -> eventCounter(type.wireName(), outcome));
		}
		EVENT_OUTCOMES.forEach(outcome -> eventCounter("unknown", outcome));
		ANSWER_CODES.forEach(this::requestCounter);
	}

	public Mono<ServerResponse> handle(ServerRequest request) {
		if (!verifier.hasSecrets()) {
			// Nothing can be authentic (operations.md): say so before looking at anything else.
			return unauthenticated();
		}
		MediaType contentType;
		try {
			contentType = request.headers().contentType().orElse(null);
		}
		catch (InvalidMediaTypeException ex) {
			contentType = null;
		}
		if (contentType == null || !(contentType.equalsTypeAndSubtype(SINGLE) || contentType.equalsTypeAndSubtype(BATCH))) {
			return problem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type",
					"Content-Type must be application/cloudevents+json or application/cloudevents-batch+json");
		}
		boolean batch = contentType.equalsTypeAndSubtype(BATCH);
		OptionalLong declared = request.headers().contentLength();
		if (declared.isPresent() && declared.getAsLong() > properties.maxRequestBytes()) {
			return tooLarge();
		}
		// The limit counts the bytes actually read, so a chunked body without Content-Length is held to it too.
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
		if (isBlank(body)) {
			return problem(HttpStatus.BAD_REQUEST, "invalid_cloudevent", "The body is empty: no CloudEvent.");
		}
		JsonNode document;
		try {
			document = json.readTree(body);
		}
		catch (JacksonException ex) {
			return problem(HttpStatus.BAD_REQUEST, "invalid_json", "The body is not a single well-formed JSON value.");
		}
		List<JsonNode> events = new ArrayList<>();
		if (batch) {
			if (document == null || !document.isArray()) {
				return problem(HttpStatus.BAD_REQUEST, "invalid_cloudevent",
						"A batch must be a JSON array of CloudEvents.");
			}
			document.forEach(events::add);
			if (events.isEmpty() || events.size() > MAX_BATCH) {
				return problem(HttpStatus.BAD_REQUEST, "batch_size",
						"A batch holds 1 to " + MAX_BATCH + " events; this one holds " + events.size() + ".");
			}
		}
		else {
			if (document == null || !document.isObject()) {
				return problem(HttpStatus.BAD_REQUEST, "invalid_cloudevent", "A single event must be a JSON object.");
			}
			events.add(document);
		}
		Set<String> ids = new HashSet<>();
		for (JsonNode event : events) {
			String id = FalconEventReader.idOf(event);
			if (id != null && !ids.add(id)) {
				return problem(HttpStatus.BAD_REQUEST, "duplicate_id", "Two events of the batch have the id '" + id + "'.");
			}
		}
		return translated(events);
	}

	private Mono<ServerResponse> translated(List<JsonNode> events) {
		List<Map<String, Object>> errors = new ArrayList<>();
		List<List<LegacyMessage>> perEvent = new ArrayList<>(events.size());
		List<String> types = new ArrayList<>(events.size());
		for (int i = 0; i < events.size(); i++) {
			JsonNode event = events.get(i);
			types.add(typeTag(event));
			try {
				FalconEvent falconEvent = reader.read(event);
				List<LegacyMessage> messages = translator.translate(falconEvent);
				for (LegacyMessage message : messages) {
					if (message.sizeInBytes() > properties.maxMessageBytes()) {
						throw new InvalidEventException(EventProblem.MESSAGE_TOO_LARGE,
								"The legacy message " + message.eid() + " would be " + message.sizeInBytes()
										+ " bytes, more than the consumers' limit of " + properties.maxMessageBytes());
					}
				}
				perEvent.add(messages);
			}
			catch (InvalidEventException ex) {
				Map<String, Object> error = new LinkedHashMap<>();
				error.put("index", i);
				error.put("id", FalconEventReader.idOf(event));
				error.put("code", ex.problem().code());
				error.put("detail", ex.problem().detail());
				errors.add(error);
				perEvent.add(List.of());
			}
		}
		if (!errors.isEmpty()) {
			types.forEach(type -> count(type, "rejected"));
			Map<String, Object> problem = ProblemDetails.of(HttpStatus.UNPROCESSABLE_CONTENT, "invalid_events",
					errors.size() + " of " + events.size() + " events are invalid; nothing was sent.");
			problem.put("errors", errors);
			return respond(HttpStatus.UNPROCESSABLE_CONTENT, "invalid_events", problem);
		}
		if (sender == null) {
			types.forEach(type -> count(type, "failed"));
			return queueUnavailable(events, perEvent, null, "No legacy queue is configured.");
		}
		List<LegacyMessage> all = perEvent.stream().flatMap(List::stream).toList();
		return sender.send(all).flatMap(report -> {
			if (report.allAcknowledged()) {
				types.forEach(type -> count(type, "accepted"));
				Map<String, Object> body = new LinkedHashMap<>();
				body.put("accepted", events.size());
				body.put("results", results(events, perEvent, report));
				return respond(HttpStatus.ACCEPTED, "accepted", body);
			}
			if (report.queueFailed()) {
				return queueUnavailable(events, perEvent, report, "The legacy queue did not acknowledge every message; "
						+ "resend the events whose status is failed (resending the whole request is safe, but "
						+ "events rejected_by_queue will be rejected again).");
			}
			return rejectedByQueue(events, perEvent, report);
		});
	}

	/**
	 * The queue refused some event's message for its content, and failed nothing else: a 4xx, so that
	 * Falcon does not resend the request as it is. Events held back behind it are {@code failed}.
	 */
	private Mono<ServerResponse> rejectedByQueue(List<JsonNode> events, List<List<LegacyMessage>> perEvent,
			DeliveryReport report) {
		List<Map<String, Object>> results = results(events, perEvent, report);
		countResults(events, results);
		Map<String, Object> problem = ProblemDetails.of(HttpStatus.UNPROCESSABLE_CONTENT, REJECTED_BY_QUEUE,
				"The legacy queue refused the messages of some event for their content; do not resend the events "
						+ "whose status is rejected_by_queue, resend those whose status is failed.");
		problem.put("results", results);
		return respond(HttpStatus.UNPROCESSABLE_CONTENT, REJECTED_BY_QUEUE, problem);
	}

	private void countResults(List<JsonNode> events, List<Map<String, Object>> results) {
		for (int i = 0; i < results.size(); i++) {
			// results() gives every event a status.
			count(typeTag(events.get(i)), (String) Objects.requireNonNull(results.get(i).get("status")));
		}
	}

	private Mono<ServerResponse> queueUnavailable(List<JsonNode> events, List<List<LegacyMessage>> perEvent,
			@Nullable DeliveryReport report, String detail) {
		List<Map<String, Object>> results = results(events, perEvent, report);
		if (report != null) {
			countResults(events, results);
		}
		requestCounter("queue_unavailable").increment();
		Map<String, Object> problem = ProblemDetails.of(HttpStatus.SERVICE_UNAVAILABLE, "queue_unavailable", detail);
		problem.put("results", results);
		return ServerResponse.status(HttpStatus.SERVICE_UNAVAILABLE)
			.header("Retry-After", Long.toString(Math.max(1, properties.retryAfter().toSeconds())))
			.contentType(ProblemDetails.MEDIA_TYPE)
			.bodyValue(problem);
	}

	/**
	 * Per event: accepted only when the queue acknowledged every one of its messages; rejected_by_queue
	 * when it refused one for its content; failed otherwise (not, or not wholly, on the queue).
	 */
	private static List<Map<String, Object>> results(List<JsonNode> events, List<List<LegacyMessage>> perEvent,
			@Nullable DeliveryReport report) {
		List<Map<String, Object>> results = new ArrayList<>(events.size());
		int offset = 0;
		for (int i = 0; i < events.size(); i++) {
			int count = perEvent.get(i).size();
			String status = (report != null) ? "accepted" : "failed";
			for (int m = offset; report != null && m < offset + count; m++) {
				if (report.outcome(m) == DeliveryReport.Outcome.REJECTED) {
					status = REJECTED_BY_QUEUE;
				}
				else if (!report.isAcknowledged(m) && status.equals("accepted")) {
					status = "failed";
				}
			}
			offset += count;
			Map<String, Object> result = new LinkedHashMap<>();
			result.put("id", FalconEventReader.idOf(events.get(i)));
			result.put("status", status);
			result.put("messages", count);
			results.add(result);
		}
		return results;
	}

	/** The metric tag of an event's type: one of ours, or {@code unknown}, never free text. */
	private static String typeTag(JsonNode event) {
		JsonNode type = event.isObject() ? event.get("type") : null;
		return (type != null && type.isString()) ? FalconEventType.fromWireName(type.stringValue())
			.map(FalconEventType::wireName)
			.orElse("unknown") : "unknown";
	}

	private void count(String type, String outcome) {
		eventCounter(type, outcome).increment();
	}

	private Counter eventCounter(String type, String outcome) {
		return Counter.builder("acl.events")
			.description("Falcon events received, by type and outcome (accepted, rejected, failed, rejected_by_queue)")
			.tag("type", type)
			.tag("outcome", outcome)
			.register(meters);
	}

	/** Requests answered, by the answer's code, including those answered before any event was read (401, 413). */
	private Counter requestCounter(String code) {
		return Counter.builder("acl.events.requests")
			.description("POST /events requests answered, by the answer's code (accepted or the problem's code)")
			.tag("code", code)
			.register(meters);
	}

	/** Whether the body holds no JSON value at all: only JSON whitespace, or nothing. */
	private static boolean isBlank(byte[] body) {
		for (byte b : body) {
			if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
				return false;
			}
		}
		return true;
	}

	private Mono<ServerResponse> unauthenticated() {
		return problem(HttpStatus.UNAUTHORIZED, "unauthenticated", "The request is not signed as agreed.");
	}

	private Mono<ServerResponse> tooLarge() {
		return problem(HttpStatus.CONTENT_TOO_LARGE, "request_too_large",
				"The body is larger than " + properties.maxRequestBytes() + " bytes.");
	}

	private Mono<ServerResponse> problem(HttpStatus status, String code, String detail) {
		return respond(status, code, ProblemDetails.of(status, code, detail));
	}

	/** Every answer but the 503 goes out here and is counted by its code. */
	private Mono<ServerResponse> respond(HttpStatus status, String code, Map<String, Object> body) {
		requestCounter(code).increment();
		MediaType type = status.is2xxSuccessful() ? MediaType.APPLICATION_JSON : ProblemDetails.MEDIA_TYPE;
		return ServerResponse.status(status).contentType(type).bodyValue(body);
	}

}
