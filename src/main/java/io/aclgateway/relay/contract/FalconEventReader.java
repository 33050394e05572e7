package io.aclgateway.relay.contract;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import static io.aclgateway.relay.contract.EventProblem.BODY_TOO_LARGE;
import static io.aclgateway.relay.contract.EventProblem.INVALID_CLOUDEVENT;
import static io.aclgateway.relay.contract.EventProblem.INVALID_DATA;
import static io.aclgateway.relay.contract.EventProblem.INVALID_ID;
import static io.aclgateway.relay.contract.EventProblem.INVALID_TEXT;
import static io.aclgateway.relay.contract.EventProblem.INVALID_TIME;
import static io.aclgateway.relay.contract.EventProblem.UNKNOWN_TYPE;

/**
 * Reads one CloudEvent (JSON structured mode) into a {@link FalconEvent}, applying every
 * rule of events.md section 2, or throws {@link InvalidEventException} with the first
 * problem found.
 */
public final class FalconEventReader {

	static final int MAX_ID_LENGTH = 128;

	static final int MAX_BODY_BYTES = 65_535;

	static final int MAX_NAME_LENGTH = 255;

	static final int MAX_DESCRIPTION_LENGTH = 4_000;

	static final int MAX_MEMBERS = 1_000;

	static final int MAX_ASSIGNEES = 100;

	private static final Pattern INT64 = Pattern.compile("[1-9][0-9]{0,18}");

	private static final Pattern TRACEPARENT = Pattern.compile("[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}");

	/** Reads an event, or throws with the reason it is invalid. */
	public FalconEvent read(JsonNode event) {
		if (!event.isObject()) {
			throw new InvalidEventException(INVALID_CLOUDEVENT, "an event must be a JSON object");
		}
		EventMeta meta = meta(event);
		// An envelope fault: reported before anything about data, which an unknown type
		// may lack.
		FalconEventType type = FalconEventType.fromWireName(meta.type())
			.orElseThrow(() -> new InvalidEventException(UNKNOWN_TYPE,
					"type '" + meta.type() + "' is not one Falcon sends"));
		JsonNode data = event.get("data");
		if (data == null || !data.isObject()) {
			throw new InvalidEventException(INVALID_DATA, "data must be a JSON object");
		}
		Data d = new Data(data);
		return type.read(meta, d);
	}

	/**
	 * The event's {@code id} if it has a usable one, for error reports about events that
	 * are otherwise invalid.
	 */
	public static @Nullable String idOf(JsonNode event) {
		JsonNode id = event.isObject() ? event.get("id") : null;
		return (id != null && id.isString()) ? id.stringValue() : null;
	}

	private static EventMeta meta(JsonNode event) {
		String specversion = attribute(event, "specversion");
		if (!"1.0".equals(specversion)) {
			throw new InvalidEventException(INVALID_CLOUDEVENT, "specversion must be \"1.0\"");
		}
		String id = attribute(event, "id");
		if (id.codePointCount(0, id.length()) > MAX_ID_LENGTH || !Text.isQueueSafe(id)) {
			throw new InvalidEventException(INVALID_CLOUDEVENT,
					"id must be 1 to " + MAX_ID_LENGTH + " characters a queue message can carry");
		}
		String source = attribute(event, "source");
		try {
			// java.net.URI also takes non-ASCII "other" characters (an IRI); RFC 3986
			// does not.
			if (!source.chars().allMatch(c -> c < 0x80)) {
				throw new URISyntaxException(source, "not ASCII");
			}
			new URI(source);
		}
		catch (URISyntaxException ex) {
			throw new InvalidEventException(INVALID_CLOUDEVENT, "source must be a URI-reference");
		}
		String type = attribute(event, "type");
		JsonNode datacontenttype = optionalAttribute(event, "datacontenttype");
		if (datacontenttype != null && !(datacontenttype.isString()
				&& datacontenttype.stringValue().toLowerCase(Locale.ROOT).equals("application/json"))) {
			throw new InvalidEventException(INVALID_CLOUDEVENT, "datacontenttype must be absent or application/json");
		}
		JsonNode time = event.get("time");
		if (time == null || time.isNull()) {
			throw new InvalidEventException(INVALID_TIME, "time is required");
		}
		long seconds = unixSeconds(time, "time");
		JsonNode traceparent = optionalAttribute(event, "traceparent");
		if (traceparent != null
				&& !(traceparent.isString() && TRACEPARENT.matcher(traceparent.stringValue()).matches())) {
			throw new InvalidEventException(INVALID_CLOUDEVENT, "traceparent must be a W3C trace context traceparent");
		}
		if (optionalAttribute(event, "data_base64") != null) {
			// CloudEvents JSON format 3.1: data_base64 carries binary data; these events
			// carry JSON data.
			throw new InvalidEventException(INVALID_CLOUDEVENT, "data_base64 is not allowed: data must be JSON");
		}
		return new EventMeta(id, source, type, seconds, (traceparent != null) ? traceparent.stringValue() : null);
	}

	/**
	 * An RFC 3339 date-time as Unix seconds; the legacy format has no room for instants
	 * before 1970.
	 */
	private static long unixSeconds(JsonNode value, String field) {
		if (!value.isString() || Rfc3339.epochSeconds(value.stringValue()).isEmpty()) {
			throw new InvalidEventException(INVALID_TIME, field + " must be an RFC 3339 date-time with an offset");
		}
		long seconds = Rfc3339.epochSeconds(value.stringValue()).getAsLong();
		if (seconds < 0) {
			throw new InvalidEventException(INVALID_TIME,
					field + " is before 1970-01-01T00:00:00Z, which the legacy messages cannot carry");
		}
		return seconds;
	}

	/**
	 * An optional attribute, or null when absent or JSON null (CloudEvents JSON format
	 * 2.2: null means unset).
	 */
	private static @Nullable JsonNode optionalAttribute(JsonNode event, String name) {
		JsonNode value = event.get(name);
		return (value == null || value.isNull()) ? null : value;
	}

	private static String attribute(JsonNode event, String name) {
		JsonNode value = event.get(name);
		if (value == null || !value.isString() || value.stringValue().isEmpty()) {
			throw new InvalidEventException(INVALID_CLOUDEVENT, name + " is required and must be a non-empty string");
		}
		return value.stringValue();
	}

	static FalconEvent roomCreated(EventMeta meta, Data d) {
		long roomId = d.id("roomId");
		RoomKind kind = d.kind("kind");
		String name = d.text("name", (kind == RoomKind.GROUP) ? 1 : 0, MAX_NAME_LENGTH);
		String description = d.optionalText("description", MAX_DESCRIPTION_LENGTH);
		long creatorId = d.id("creatorId");
		List<JsonNode> items = d.array("members", 1, MAX_MEMBERS);
		List<FalconEvent.Member> members = new ArrayList<>(items.size());
		for (int i = 0; i < items.size(); i++) {
			if (!items.get(i).isObject()) {
				throw new InvalidEventException(INVALID_DATA, "members[" + i + "] must be an object");
			}
			Data member = new Data(items.get(i), "members[" + i + "].");
			members.add(new FalconEvent.Member(member.id("accountId"), member.role("role")));
		}
		return new FalconEvent.RoomCreated(meta, roomId, kind, name, description, creatorId, members);
	}

	static FalconEvent roomUpdated(EventMeta meta, Data d) {
		long roomId = d.id("roomId");
		long actorId = d.id("actorId");
		JsonNode changes = d.node.get("changes");
		if (changes == null || !changes.isObject()) {
			throw new InvalidEventException(INVALID_DATA, "changes is required and must be an object");
		}
		Data c = new Data(changes, "changes.");
		// Falcon renames rooms it knows to be group rooms; an empty name is only for
		// direct and self rooms,
		// which are never renamed.
		String name = c.node.has("name") ? c.text("name", 1, MAX_NAME_LENGTH) : null;
		String description = c.optionalText("description", MAX_DESCRIPTION_LENGTH);
		if (name == null && description == null) {
			throw new InvalidEventException(INVALID_DATA, "changes must hold name, description or both");
		}
		return new FalconEvent.RoomUpdated(meta, roomId, actorId, name, description);
	}

	static FalconEvent taskCreated(EventMeta meta, Data d) {
		long roomId = d.id("roomId");
		long taskId = d.id("taskId");
		long creatorId = d.id("creatorId");
		List<JsonNode> items = d.array("assigneeIds", 1, MAX_ASSIGNEES);
		List<Long> assignees = new ArrayList<>(items.size());
		Set<Long> seen = new HashSet<>();
		for (int i = 0; i < items.size(); i++) {
			long assignee = Data.id(items.get(i), "assigneeIds[" + i + "]");
			if (!seen.add(assignee)) {
				throw new InvalidEventException(INVALID_DATA, "assigneeIds must be distinct; " + assignee + " repeats");
			}
			assignees.add(assignee);
		}
		String body = d.body("body");
		if (!d.node.has("dueAt")) {
			throw new InvalidEventException(INVALID_DATA, "dueAt is required (a date-time or null)");
		}
		JsonNode due = d.node.get("dueAt");
		Long dueAt = null;
		if (!due.isNull()) {
			dueAt = unixSeconds(due, "dueAt");
		}
		Long messageId = d.optionalId("messageId");
		return new FalconEvent.TaskCreated(meta, roomId, taskId, creatorId, assignees, body, dueAt, messageId);
	}

	/**
	 * How one event type's {@code data} is read into its record: each constant of
	 * {@link FalconEventType} has one.
	 */
	@FunctionalInterface
	interface DataReader {

		FalconEvent read(EventMeta meta, Data data);

	}

	/** Typed access to the members of {@code data}, each failure naming its field. */
	static final class Data {

		private final JsonNode node;

		private final String prefix;

		Data(JsonNode node) {
			this(node, "");
		}

		Data(JsonNode node, String prefix) {
			this.node = node;
			this.prefix = prefix;
		}

		private JsonNode required(String field) {
			JsonNode value = node.get(field);
			if (value == null || value.isNull()) {
				throw new InvalidEventException(INVALID_DATA, prefix + field + " is required");
			}
			return value;
		}

		long id(String field) {
			return id(required(field), prefix + field);
		}

		@Nullable Long optionalId(String field) {
			JsonNode value = node.get(field);
			return (value == null || value.isNull()) ? null : id(value, prefix + field);
		}

		static long id(JsonNode value, String field) {
			if (!value.isString() || !INT64.matcher(value.stringValue()).matches()) {
				throw new InvalidEventException(INVALID_ID, field
						+ " must be a string of a decimal integer 1..9223372036854775807 without sign or leading zeros");
			}
			try {
				return Long.parseLong(value.stringValue());
			}
			catch (NumberFormatException ex) {
				throw new InvalidEventException(INVALID_ID, field + " is larger than 9223372036854775807");
			}
		}

		String text(String field, int minLength, int maxLength) {
			JsonNode value = required(field);
			if (!value.isString()) {
				throw new InvalidEventException(INVALID_DATA, prefix + field + " must be a string");
			}
			String text = value.stringValue();
			requireValidUnicode(text, field);
			int length = text.codePointCount(0, text.length());
			if (length < minLength || length > maxLength) {
				throw new InvalidEventException(INVALID_DATA,
						prefix + field + " must be " + minLength + " to " + maxLength + " characters, was " + length);
			}
			return text;
		}

		@Nullable String optionalText(String field, int maxLength) {
			JsonNode value = node.get(field);
			return (value == null || value.isNull()) ? null : text(field, 0, maxLength);
		}

		String body(String field) {
			JsonNode value = required(field);
			if (!value.isString()) {
				throw new InvalidEventException(INVALID_DATA, prefix + field + " must be a string");
			}
			String body = value.stringValue();
			requireValidUnicode(body, field);
			if (body.isEmpty()) {
				throw new InvalidEventException(INVALID_DATA, prefix + field + " must not be empty");
			}
			int bytes = body.getBytes(StandardCharsets.UTF_8).length;
			if (bytes > MAX_BODY_BYTES) {
				throw new InvalidEventException(BODY_TOO_LARGE,
						prefix + field + " is " + bytes + " bytes in UTF-8, more than " + MAX_BODY_BYTES);
			}
			return body;
		}

		private void requireValidUnicode(String text, String field) {
			if (!Text.isValidUnicode(text)) {
				throw new InvalidEventException(INVALID_TEXT, prefix + field + " holds an unpaired surrogate");
			}
		}

		Role role(String field) {
			return enumValue(field, Role.class);
		}

		RoomKind kind(String field) {
			return enumValue(field, RoomKind.class);
		}

		/**
		 * A constant by its wire name, the constant's name in lower case; the message
		 * lists them all.
		 */
		private <E extends Enum<E>> E enumValue(String field, Class<E> type) {
			JsonNode value = required(field);
			if (value.isString()) {
				for (E constant : type.getEnumConstants()) {
					if (constant.name().toLowerCase(Locale.ROOT).equals(value.stringValue())) {
						return constant;
					}
				}
			}
			String allowed = Arrays.stream(type.getEnumConstants())
				.map(constant -> constant.name().toLowerCase(Locale.ROOT))
				.collect(Collectors.joining(", "));
			throw new InvalidEventException(INVALID_DATA, prefix + field + " must be one of " + allowed);
		}

		List<JsonNode> array(String field, int min, int max) {
			JsonNode value = required(field);
			if (!value.isArray() || value.size() < min || value.size() > max) {
				throw new InvalidEventException(INVALID_DATA,
						prefix + field + " must be an array of " + min + " to " + max + " items");
			}
			List<JsonNode> items = new ArrayList<>(value.size());
			value.forEach(items::add);
			return items;
		}

	}

}
