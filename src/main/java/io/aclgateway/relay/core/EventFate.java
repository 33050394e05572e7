package io.aclgateway.relay.core;

import io.aclgateway.relay.contract.EventProblem;

/** What became of one valid event's legacy messages. */
public sealed interface EventFate {

	/** Every message of the event is on the queue. */
	EventFate DELIVERED = new Delivered();

	/**
	 * An earlier event of its room was not delivered, so the event was not sent: it would
	 * break the room's order.
	 */
	EventFate HELD = new Held();

	/**
	 * The queue refused a message of the event for its content: a resend can never
	 * succeed.
	 */
	EventFate REJECTED_BY_QUEUE = new RejectedByQueue();

	/**
	 * Some message of the event is not on the queue because the queue failed or was
	 * unreachable: resend it.
	 */
	EventFate QUEUE_UNAVAILABLE = new QueueUnavailable();

	/** Nothing was sent because no queue is configured. */
	EventFate NO_QUEUE = new NoQueue();

	/**
	 * The event's per-event status in {@code POST /events} answers (events.md 1.3) and
	 * its {@code outcome} tag on {@code acl_events_total}: {@code accepted},
	 * {@code failed}, {@code rejected_by_queue} or {@code rejected}.
	 */
	String status();

	/** Whether the legacy consumers have (or had) the event. */
	default boolean isDelivered() {
		return status().equals("accepted");
	}

	/** See {@link #DELIVERED}. */
	record Delivered() implements EventFate {

		@Override
		public String status() {
			return "accepted";
		}

	}

	/**
	 * Delivered before, so not sent again. Not produced yet: the Kafka issue's per-room
	 * record of what was delivered ({@link RoomLedger}) will tell.
	 */
	record Duplicate() implements EventFate {

		@Override
		public String status() {
			return "accepted";
		}

	}

	/** See {@link #HELD}. */
	record Held() implements EventFate {

		@Override
		public String status() {
			return "failed";
		}

	}

	/** See {@link #REJECTED_BY_QUEUE}. */
	record RejectedByQueue() implements EventFate {

		@Override
		public String status() {
			return "rejected_by_queue";
		}

	}

	/** See {@link #QUEUE_UNAVAILABLE}. */
	record QueueUnavailable() implements EventFate {

		@Override
		public String status() {
			return "failed";
		}

	}

	/** See {@link #NO_QUEUE}. */
	record NoQueue() implements EventFate {

		@Override
		public String status() {
			return "failed";
		}

	}

	/**
	 * Put on the dead-letter queue with its reason, its room held behind it. Not produced
	 * yet: the Kafka intake's answer to an invalid or refused event (events.md 5.2.4).
	 */
	record DeadLettered(EventProblem reason) implements EventFate {

		@Override
		public String status() {
			return "rejected";
		}

	}

}
