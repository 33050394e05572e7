package io.aclgateway.relay.intake.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.RecordBatch;
import org.jspecify.annotations.Nullable;

import io.aclgateway.relay.core.IncomingEvent.Position;

/**
 * A record of Falcon's log as it was read (from the source topic, or back from the
 * parking topic): kept whole so that it can be parked verbatim, dead-lettered with its
 * original, and read again when its room is released.
 */
record SourceRecord(String topic, int partition, long offset, long timestamp, @Nullable String key,
		List<Header> headers, byte @Nullable [] value) {

	SourceRecord {
		headers = List.copyOf(headers);
	}

	static SourceRecord of(ConsumerRecord<String, byte[]> record) {
		return new SourceRecord(record.topic(), record.partition(), record.offset(), record.timestamp(), record.key(),
				List.of(record.headers().toArray()), record.value());
	}

	/** The room a record belongs to for holding: its key (the empty text when none). */
	String room() {
		return (key != null) ? key : "";
	}

	/** Its key in the parking topic: room and offset, unique per record. */
	String parkedKey() {
		return room() + ":" + offset;
	}

	Position.LogOffset position() {
		return new Position.LogOffset(topic, partition, offset);
	}

	CloudEventRecords.Read read() {
		return CloudEventRecords.read(position(), new RecordHeaders(headers.toArray(Header[]::new)), value);
	}

	@Nullable Instant time() {
		return (timestamp == RecordBatch.NO_TIMESTAMP) ? null : Instant.ofEpochMilli(timestamp);
	}

	/** The room as an id (events.md 5.1: the key is the room id), when it is one. */
	@Nullable Long roomId() {
		if (key == null || key.isEmpty() || key.length() > 19 || key.startsWith("0")
				|| !key.chars().allMatch(Character::isDigit)) {
			return null;
		}
		try {
			return Long.parseLong(key);
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

	/** The headers as text, for a dead letter. */
	Map<String, String> headerText() {
		Map<String, String> text = new LinkedHashMap<>();
		headers.forEach(header -> text.put(header.key(),
				(header.value() != null) ? new String(header.value(), StandardCharsets.UTF_8) : ""));
		return text;
	}

}
