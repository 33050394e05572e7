package io.aclgateway.relay.intake;

import java.util.Locale;

/**
 * The code of every answer {@code POST /events} gives (events.md 1.3): {@code accepted}
 * or a problem's {@code code}; the closed set of {@code acl_events_requests_total}'s
 * {@code code} tag.
 */
enum AnswerCode {

	ACCEPTED, UNAUTHENTICATED, UNSUPPORTED_MEDIA_TYPE, REQUEST_TOO_LARGE, INVALID_JSON, INVALID_CLOUDEVENT, BATCH_SIZE,
	DUPLICATE_ID, INVALID_EVENTS, QUEUE_UNAVAILABLE,

	/**
	 * The queue refused an event's message for its content: resending the event can never
	 * succeed.
	 */
	REJECTED_BY_QUEUE,

	/**
	 * The gateway translated an event into a legacy message the legacy JSON Schema
	 * refuses: its own fault (500), nothing was sent.
	 */
	TRANSLATION_FAILED;

	/** As it appears in the body and the metric tag, e.g. {@code queue_unavailable}. */
	String wireName() {
		return name().toLowerCase(Locale.ROOT);
	}

}
