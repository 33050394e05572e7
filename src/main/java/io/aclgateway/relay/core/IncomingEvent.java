package io.aclgateway.relay.core;

import java.util.Optional;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import io.aclgateway.relay.contract.FalconEventReader;
import io.aclgateway.relay.contract.FalconEventType;

/**
 * One event as an intake received it, not yet validated: the CloudEvent (JSON structured
 * mode) and where it came from, so that whatever the relay reports about it can be traced
 * back.
 */
public record IncomingEvent(Position position, JsonNode document) {

	/**
	 * Where an event came from: its index in a {@code POST /events} batch, or its record
	 * in Falcon's event log.
	 */
	public sealed interface Position {

		/** The event's index in its request, from 0 (a single event is index 0). */
		record BatchIndex(int index) implements Position {
		}

		/** The Kafka record the event was read from (events.md 5). */
		record LogOffset(String topic, int partition, long offset) implements Position {
		}

	}

	/**
	 * The event's {@code id} if it has a usable one, even when the event is otherwise
	 * invalid.
	 */
	public @Nullable String id() {
		return FalconEventReader.idOf(document);
	}

	/**
	 * The catalog type the event names, if it names one, even when the event is otherwise
	 * invalid.
	 */
	public Optional<FalconEventType> type() {
		JsonNode type = document.isObject() ? document.get("type") : null;
		return (type != null && type.isString()) ? FalconEventType.fromWireName(type.stringValue()) : Optional.empty();
	}

}
