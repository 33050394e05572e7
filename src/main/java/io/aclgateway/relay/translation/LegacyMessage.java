package io.aclgateway.relay.translation;

import java.util.Map;
import java.util.Objects;

/**
 * One message for the legacy consumers (events.md section 3): its command, its
 * {@code eid}, the room it belongs to, the JSON body, and its string attributes (3.1).
 * How a queue carries it (group and deduplication ids, size) is the queue adapter's
 * business.
 */
public record LegacyMessage(String cmd, String eid, long roomId, String body, Map<String, String> attributes) {

	public LegacyMessage {
		Objects.requireNonNull(cmd, "cmd");
		Objects.requireNonNull(eid, "eid");
		Objects.requireNonNull(body, "body");
		attributes = Map.copyOf(attributes);
	}

}
