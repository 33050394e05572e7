package io.aclgateway.relay.intake.kafka;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import io.aclgateway.relay.core.IncomingEvent;
import io.aclgateway.relay.core.IncomingEvent.Position;

/**
 * The CloudEvents Kafka protocol binding (events.md 5.1), written here on Jackson 3: a
 * record in binary mode ({@code ce_} headers, the value is {@code data}) or structured
 * mode (the value is the event) becomes the JSON document {@code POST /events} takes, so
 * that both intakes validate and translate exactly alike.
 */
final class CloudEventRecords {

	static final String CONTENT_TYPE = "content-type";

	static final String STRUCTURED = "application/cloudevents+json";

	static final String JSON = "application/json";

	static final String ATTRIBUTE_PREFIX = "ce_";

	/** Duplicate members and trailing tokens are errors, as in {@code POST /events}. */
	private static final JsonMapper STRICT_JSON = JsonMapper.builder()
		.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
		.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
		.build();

	private CloudEventRecords() {
	}

	/** What a record holds: an event document, or why it holds none. */
	sealed interface Read {

		/** The CloudEvent in JSON structured form, not yet validated. */
		record Event(IncomingEvent event) implements Read {
		}

		/** Not a CloudEvent in either mode of the binding, or its JSON is unreadable. */
		record NotAnEvent(String detail) implements Read {
		}

	}

	/** The record at that position, read into an event if it holds one. */
	static Read read(Position position, Headers headers, byte @Nullable [] value) {
		JsonNode document;
		try {
			document = document(headers, value);
		}
		catch (NotAnEventException ex) {
			return new Read.NotAnEvent(ex.getMessage());
		}
		return new Read.Event(new IncomingEvent(position, document));
	}

	private static JsonNode document(Headers headers, byte @Nullable [] value) {
		String contentType = header(headers, CONTENT_TYPE);
		if (contentType != null && mediaType(contentType).equals(STRUCTURED)) {
			return structured(value);
		}
		if (header(headers, ATTRIBUTE_PREFIX + "specversion") != null) {
			return binary(headers, contentType, value);
		}
		throw new NotAnEventException("neither a structured-mode (content-type " + STRUCTURED
				+ ") nor a binary-mode (ce_specversion header) CloudEvent");
	}

	private static JsonNode structured(byte @Nullable [] value) {
		JsonNode document = json(value);
		if (document == null || !document.isObject()) {
			throw new NotAnEventException("a structured-mode record's value must be one JSON object");
		}
		return document;
	}

	/**
	 * Every {@code ce_} header an attribute of that name (its value as a string, as the
	 * JSON format carries them), {@code content-type} the {@code datacontenttype}, the
	 * value the {@code data}.
	 */
	private static JsonNode binary(Headers headers, @Nullable String contentType, byte @Nullable [] value) {
		ObjectNode document = STRICT_JSON.createObjectNode();
		for (Header header : headers) {
			String key = header.key();
			if (key.regionMatches(true, 0, ATTRIBUTE_PREFIX, 0, ATTRIBUTE_PREFIX.length()) && header.value() != null) {
				String name = key.substring(ATTRIBUTE_PREFIX.length()).toLowerCase(Locale.ROOT);
				if (document.has(name)) {
					throw new NotAnEventException("the attribute " + name + " is given twice");
				}
				document.put(name, new String(header.value(), StandardCharsets.UTF_8));
			}
		}
		if (contentType != null) {
			// The reader takes application/json only; its parameters (charset=utf-8) say
			// nothing JSON does not already.
			document.put("datacontenttype", mediaType(contentType).equals(JSON) ? JSON : contentType);
		}
		if (value != null) {
			JsonNode data = json(value);
			if (data == null) {
				throw new NotAnEventException("a binary-mode record's value must be one JSON value (the event's data)");
			}
			document.set("data", data);
		}
		return document;
	}

	/** Why a record holds no event. */
	private static final class NotAnEventException extends RuntimeException {

		NotAnEventException(String detail) {
			super(detail, null, false, false);
		}

		@Override
		public String getMessage() {
			return Objects.requireNonNull(super.getMessage());
		}

	}

	private static @Nullable JsonNode json(byte @Nullable [] value) {
		if (value == null) {
			return null;
		}
		try {
			JsonNode node = STRICT_JSON.readTree(value);
			return (node == null || node.isMissingNode()) ? null : node;
		}
		catch (JacksonException ex) {
			return null;
		}
	}

	/** The last header of that name (case-insensitive), as text. */
	private static @Nullable String header(Headers headers, String name) {
		String found = null;
		for (Header header : headers) {
			if (header.key().equalsIgnoreCase(name) && header.value() != null) {
				found = new String(header.value(), StandardCharsets.UTF_8);
			}
		}
		return found;
	}

	private static String mediaType(String contentType) {
		int semicolon = contentType.indexOf(';');
		return ((semicolon < 0) ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
	}

}
