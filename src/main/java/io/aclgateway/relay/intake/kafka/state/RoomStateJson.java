package io.aclgateway.relay.intake.kafka.state;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import io.aclgateway.relay.intake.kafka.state.RoomState.RecentId;

/**
 * The state record's value (docs/design/relay-state.md 4.1) in JSON: written with
 * {@code v} 1; a record of a higher {@code v} is refused, members this version does not
 * know are ignored (a newer minor writer's additions).
 */
public final class RoomStateJson {

	/** The format version this relay writes and reads. */
	public static final int VERSION = 1;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private RoomStateJson() {
	}

	/** Where a state record's room is: the source topic, its id and the partition. */
	public record Source(String topic, String topicId, int partition) {
	}

	/** The value of the room's state record. */
	public static byte[] write(String room, Source source, RoomState state) {
		ObjectNode value = JSON.createObjectNode();
		value.put("v", VERSION);
		try {
			value.put("room", Long.parseLong(room));
		}
		catch (NumberFormatException ex) {
			value.put("room", room);
		}
		ObjectNode from = value.putObject("source");
		from.put("topic", source.topic());
		from.put("topicId", source.topicId());
		from.put("partition", source.partition());
		ObjectNode delivered = value.putObject("delivered");
		if (state.seq() != null) {
			delivered.put("seq", state.seq());
		}
		delivered.put("offset", state.offset());
		if (state.at() != null) {
			delivered.put("at", state.at().toString());
		}
		delivered.put("intake", "kafka");
		ArrayNode ids = value.putArray("ids");
		for (RecentId id : state.ids()) {
			ids.addObject().put("h", id.hash()).put("o", id.offset());
		}
		return JSON.writeValueAsBytes(value);
	}

	/** The room's state from its record's value. */
	public static RoomState read(byte[] value) {
		JsonNode node;
		try {
			node = JSON.readTree(value);
		}
		catch (JacksonException ex) {
			throw new UnreadableStateException("not JSON: " + ex.getOriginalMessage());
		}
		if (node == null || !node.isObject()) {
			throw new UnreadableStateException("not a JSON object");
		}
		JsonNode version = node.get("v");
		if (version == null || !version.canConvertToInt()) {
			throw new UnreadableStateException("no format version v");
		}
		if (version.intValue() > VERSION) {
			throw new UnreadableStateException("format version v=" + version.intValue()
					+ " was written by a newer relay; this one reads v=" + VERSION + " at most");
		}
		JsonNode source = node.path("source");
		JsonNode delivered = node.path("delivered");
		JsonNode seq = delivered.get("seq");
		JsonNode offset = delivered.get("offset");
		JsonNode at = delivered.get("at");
		List<RecentId> ids = new ArrayList<>();
		for (JsonNode id : node.path("ids")) {
			if (!id.path("h").isString()) {
				throw new UnreadableStateException("an id without its hash h");
			}
			ids.add(new RecentId(id.get("h").stringValue(), id.path("o").asLong(-1)));
		}
		try {
			return new RoomState((seq != null && seq.canConvertToLong()) ? seq.longValue() : null,
					(offset != null && offset.canConvertToLong()) ? offset.longValue() : -1,
					source.path("topicId").isString() ? source.get("topicId").stringValue() : null,
					(at != null && at.isString()) ? Instant.parse(at.stringValue()) : null, ids);
		}
		catch (DateTimeParseException ex) {
			throw new UnreadableStateException("delivered.at is not an instant");
		}
	}

	/** A state record this relay cannot read: its partition is not resumed. */
	public static final class UnreadableStateException extends RuntimeException {

		UnreadableStateException(String detail) {
			super(detail);
		}

	}

}
