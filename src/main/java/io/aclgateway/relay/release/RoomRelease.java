package io.aclgateway.relay.release;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * An operator's release of a held room (events.md 5.2.4): the held event, named by its id
 * or, for a record without a usable id, by its offset, and what to do with it.
 *
 * @param roomId the held room
 * @param eventId the held event's id, when it is named by id
 * @param offset the held record's source offset, when it is named by offset
 * @param action skip the held event, or deliver it again
 * @param reason why, for the log and the view (required)
 */
public record RoomRelease(long roomId, Optional<String> eventId, OptionalLong offset, Action action, String reason) {

	/** What a release does with the held event. */
	public enum Action {

		/** The held event is considered done; the room's later events flow. */
		SKIP,

		/**
		 * The held event is validated, translated and sent again, then the later ones.
		 */
		REDELIVER

	}

}
