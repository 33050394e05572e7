package io.aclgateway.relay.intake.kafka.state;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

import org.jspecify.annotations.Nullable;

import io.aclgateway.support.Sha256;

/**
 * One record of Falcon's log as the per-room memory sees it: its source topic's id and
 * offset, its {@code roomseq} if it has one, and its event id hashed.
 *
 * @param topicId the source topic's Kafka topic id: offsets are compared only within it
 * @param offset the record's offset in its source partition
 * @param seq the event's {@code roomseq} (events.md 5.1), if present
 * @param idHash the event id's hash ({@link #hash(String)}), if the event has an id
 */
public record LogEntry(String topicId, long offset, @Nullable Long seq, @Nullable String idHash) {

	/** Bytes of SHA-256 kept: 12 bytes are 16 base64url characters. */
	private static final int HASH_BYTES = 12;

	/** The entry of a record whose event has that id (none: no usable id). */
	public static LogEntry of(String topicId, long offset, @Nullable Long seq, @Nullable String eventId) {
		return new LogEntry(topicId, offset, seq, (eventId != null) ? hash(eventId) : null);
	}

	/**
	 * The first 12 bytes of the id's SHA-256, base64url: a state record stays small
	 * whatever the id's length (events.md allows 128 characters).
	 */
	public static String hash(String eventId) {
		return Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString(Arrays.copyOf(Sha256.digest(eventId.getBytes(StandardCharsets.UTF_8)), HASH_BYTES));
	}

}
