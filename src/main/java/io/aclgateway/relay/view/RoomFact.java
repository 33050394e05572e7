package io.aclgateway.relay.view;

import java.time.Instant;

/**
 * One room's transition on one replica: it turned pending, or idle again with or without
 * a delivery while it was pending.
 *
 * @param room the room id
 * @param state what the room turned into
 * @param at when, on the publishing replica's clock
 * @param pod the publishing replica
 */
record RoomFact(long room, State state, Instant at, String pod) {

	/** The transitions, by their JSON names. */
	enum State {

		/** Idle to pending: an event of the room is on its way to the queue. */
		PENDING("pending"),

		/** Pending to idle, nothing delivered meanwhile. */
		SETTLED("settled"),

		/** Pending to idle, at least one event delivered meanwhile. */
		DELIVERED("delivered");

		private final String wireName;

		State(String wireName) {
			this.wireName = wireName;
		}

		String wireName() {
			return wireName;
		}

	}

}
