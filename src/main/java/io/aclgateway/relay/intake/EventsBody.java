package io.aclgateway.relay.intake;

import java.util.ArrayList;
import java.util.List;

import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.aclgateway.relay.core.IncomingEvent;
import io.aclgateway.relay.core.IncomingEvent.Position;

/**
 * A {@code POST /events} body read into its events (events.md 1 and 1.3): one JSON value,
 * an object for a single event or an array of 1 to {@value #MAX_BATCH} for a batch;
 * otherwise the 400 problem that says why.
 */
sealed interface EventsBody {

	int MAX_BATCH = 100;

	/** Duplicate members and trailing tokens are errors, not silently resolved. */
	JsonMapper STRICT_JSON = JsonMapper.builder()
		.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
		.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
		.build();

	/** The body's events, in the request's order. */
	record Events(List<IncomingEvent> events) implements EventsBody {

		public Events {
			events = List.copyOf(events);
		}

	}

	/** Why the body holds no events to relay: a 400 problem's code and detail. */
	record Refused(AnswerCode code, String detail) implements EventsBody {
	}

	/** Reads the body of a single event, or of a batch. */
	static EventsBody read(byte[] body, boolean batch) {
		if (isBlank(body)) {
			return new Refused(AnswerCode.INVALID_CLOUDEVENT, "The body is empty: no CloudEvent.");
		}
		JsonNode document;
		try {
			document = STRICT_JSON.readTree(body);
		}
		catch (JacksonException ex) {
			return new Refused(AnswerCode.INVALID_JSON, "The body is not a single well-formed JSON value.");
		}
		List<JsonNode> documents = new ArrayList<>();
		if (batch) {
			if (document == null || !document.isArray()) {
				return new Refused(AnswerCode.INVALID_CLOUDEVENT, "A batch must be a JSON array of CloudEvents.");
			}
			document.forEach(documents::add);
			if (documents.isEmpty() || documents.size() > MAX_BATCH) {
				return new Refused(AnswerCode.BATCH_SIZE,
						"A batch holds 1 to " + MAX_BATCH + " events; this one holds " + documents.size() + ".");
			}
		}
		else {
			if (document == null || !document.isObject()) {
				return new Refused(AnswerCode.INVALID_CLOUDEVENT, "A single event must be a JSON object.");
			}
			documents.add(document);
		}
		List<IncomingEvent> events = new ArrayList<>(documents.size());
		for (JsonNode event : documents) {
			events.add(new IncomingEvent(new Position.BatchIndex(events.size()), event));
		}
		return new Events(events);
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

}
