package io.aclgateway.relay.contract;

/**
 * Why one event was refused: a per-event code of events.md section 1.3 and a detail for
 * humans.
 */
public record EventProblem(String code, String detail) {

	public static final String INVALID_CLOUDEVENT = "invalid_cloudevent";

	public static final String UNKNOWN_TYPE = "unknown_type";

	public static final String INVALID_DATA = "invalid_data";

	public static final String INVALID_ID = "invalid_id";

	public static final String INVALID_TIME = "invalid_time";

	public static final String INVALID_TEXT = "invalid_text";

	public static final String BODY_TOO_LARGE = "body_too_large";

	public static final String MESSAGE_TOO_LARGE = "message_too_large";

}
