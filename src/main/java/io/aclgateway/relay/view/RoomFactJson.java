package io.aclgateway.relay.view;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A fact's value on the facts topic (docs/design/relay-state.md 7.2):
 * {@code {"v":1,"room":..,"state":..,"at":..,"pod":..}}; a fact of a higher {@code v}, or
 * one that does not read, is skipped (members this version does not know are ignored).
 */
final class RoomFactJson {

	static final int VERSION = 1;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private RoomFactJson() {
	}

	static byte[] write(RoomFact fact) {
		ObjectNode value = JSON.createObjectNode();
		value.put("v", VERSION);
		value.put("room", fact.room());
		value.put("state", fact.state().wireName());
		value.put("at", fact.at().toString());
		value.put("pod", fact.pod());
		return JSON.writeValueAsBytes(value);
	}

	static Optional<RoomFact> read(byte @Nullable [] bytes) {
		if (bytes == null) {
			return Optional.empty();
		}
		try {
			JsonNode value = JSON.readTree(bytes);
			if (value.path("v").asInt(0) != VERSION || !value.path("room").isIntegralNumber()) {
				return Optional.empty();
			}
			Optional<RoomFact.State> state = stateOf(value.path("state").asString(""));
			if (state.isEmpty()) {
				return Optional.empty();
			}
			return Optional.of(new RoomFact(value.path("room").asLong(), state.get(),
					Instant.parse(value.path("at").asString("")), value.path("pod").asString("")));
		}
		catch (JacksonException | DateTimeParseException ex) {
			return Optional.empty();
		}
	}

	private static Optional<RoomFact.State> stateOf(String name) {
		for (RoomFact.State state : RoomFact.State.values()) {
			if (state.wireName().equals(name)) {
				return Optional.of(state);
			}
		}
		return Optional.empty();
	}

}
