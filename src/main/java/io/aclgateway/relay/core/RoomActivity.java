package io.aclgateway.relay.core;

import java.time.Duration;

/**
 * The read side of the relay's per-room state for shadow reads (shadow.md section 2,
 * docs/design/relay-state.md section 8): whether a room has events on their way to
 * legacy, from either intake, on any replica.
 */
public interface RoomActivity {

	/**
	 * Whether the room has events pending, or had one delivered less than {@code window}
	 * ago; {@link Activity#UNKNOWN} when this replica cannot tell (its view of the others
	 * is too far behind).
	 */
	Activity activity(long roomId, Duration window);

	/** The answer. */
	enum Activity {

		/** Events pending or delivered within the window. */
		BUSY,

		/** Nothing pending, nothing delivered within the window. */
		QUIET,

		/** Cannot tell now. */
		UNKNOWN

	}

}
