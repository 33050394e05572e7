package io.aclgateway.relay.intake.kafka;

import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import io.aclgateway.relay.contract.EventProblem;

/**
 * What the per-room memory needs of a record's event before it is relayed: that the
 * record's key is the event's room (events.md 5.1: Falcon keys by room, so a room's
 * events are in one partition, in order), and its {@code roomseq}.
 */
final class RecordRoom {

	/** The problem code of a record whose key is not its event's room. */
	static final String KEY_MISMATCH = "key_mismatch";

	/** The problem code of a record whose {@code roomseq} is not a decimal int64. */
	static final String INVALID_CLOUDEVENT = "invalid_cloudevent";

	private static final Pattern INT64 = Pattern.compile("0|[1-9][0-9]{0,18}");

	private RecordRoom() {
	}

	/**
	 * Why the record's key does not name the event's room ({@code data.roomId}), or null
	 * when it does, or when the event names no readable room (validation then says why).
	 */
	static @Nullable EventProblem keyProblem(@Nullable String key, JsonNode document) {
		JsonNode room = document.path("data").path("roomId");
		if (!room.isString()) {
			return null;
		}
		if (key == null) {
			return new EventProblem(KEY_MISMATCH, "the record has no key; Falcon's log is keyed by room (events.md"
					+ " 5.1), this event's room is " + room.stringValue());
		}
		if (!key.equals(room.stringValue())) {
			return new EventProblem(KEY_MISMATCH, "the record's key is '" + key + "' but its event is about room "
					+ room.stringValue() + " (data.roomId); the key must be the room id (events.md 5.1)");
		}
		return null;
	}

	/**
	 * Why the record cannot be relayed for its {@code roomseq} or its key, or null when
	 * both are fine.
	 */
	static @Nullable EventProblem problem(@Nullable String key, JsonNode document) {
		try {
			roomSeq(document);
		}
		catch (IllegalArgumentException ex) {
			return new EventProblem(INVALID_CLOUDEVENT, String.valueOf(ex.getMessage()));
		}
		return keyProblem(key, document);
	}

	/**
	 * The event's {@code roomseq} (events.md 5.1: decimal int64; a JSON integer in
	 * structured mode is taken too), null when absent.
	 * @throws IllegalArgumentException when present and not a non-negative int64
	 */
	static @Nullable Long roomSeq(JsonNode document) {
		JsonNode seq = document.get("roomseq");
		if (seq == null || seq.isNull()) {
			return null;
		}
		if (seq.isIntegralNumber() && seq.canConvertToLong() && seq.longValue() >= 0) {
			return seq.longValue();
		}
		if (seq.isString() && INT64.matcher(seq.stringValue()).matches()) {
			try {
				return Long.parseLong(seq.stringValue());
			}
			catch (NumberFormatException ex) {
				// beyond int64: refused below
			}
		}
		throw new IllegalArgumentException("roomseq must be a decimal int64 (events.md 5.1)");
	}

}
