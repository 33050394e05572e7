package io.aclgateway.relay.core;

import java.time.Instant;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * An event the relay could not deliver and will not retry (events.md 5.2.4): why, which
 * event and room as far as they are known, where it was read, and the original record.
 *
 * @param reason the event's error code ({@code invalid_data}, {@code rejected_by_queue},
 * ...)
 * @param detail for humans (cut to {@link #MAX_DETAIL} characters by whoever sends it)
 * @param eid the event's id, when it has a usable one
 * @param rid the event's room id, when it is known
 * @param source where the record was read
 * @param original the record as it was read
 */
public record DeadLetter(String reason, String detail, @Nullable String eid, @Nullable Long rid, Source source,
		Original original) {

	/** The longest {@code detail} a dead letter carries. */
	public static final int MAX_DETAIL = 1024;

	/** The event's error code for a record that is no CloudEvent at all. */
	public static final String INVALID_CLOUDEVENT = "invalid_cloudevent";

	/** The event's error code for an event whose message the queue refuses for good. */
	public static final String REJECTED_BY_QUEUE = "rejected_by_queue";

	/**
	 * The code for an event whose legacy message fails the legacy JSON Schema: the
	 * translator's fault, held rather than sent to PHP.
	 */
	public static final String LEGACY_SCHEMA = "legacy_schema";

	public DeadLetter {
		if (detail.length() > MAX_DETAIL) {
			detail = detail.substring(0, MAX_DETAIL);
		}
	}

	/**
	 * The FIFO group that keeps one room's dead letters in order: the room, else the
	 * record's key, else its partition.
	 */
	public String groupId() {
		if (rid != null) {
			return rid.toString();
		}
		String key = source.key();
		return (key != null && !key.isEmpty()) ? key : source.topic() + "-" + source.partition();
	}

	/**
	 * Where the record was read.
	 *
	 * @param intake the intake ({@code kafka})
	 * @param topic its topic
	 * @param partition its partition
	 * @param offset its offset
	 * @param timestamp the record's timestamp, when it has one
	 * @param key the record's key, when it has one
	 * @param parkedKey its key in the parking topic, where the held record waits until
	 * its room is released
	 */
	public record Source(String intake, String topic, int partition, long offset, @Nullable Instant timestamp,
			@Nullable String key, @Nullable String parkedKey) {
	}

	/**
	 * The record as it was read.
	 *
	 * @param headers its headers, as text
	 * @param value its value, none for a record without one
	 */
	public record Original(Map<String, String> headers, byte @Nullable [] value) {

		public Original {
			headers = Map.copyOf(headers);
		}

	}

}
