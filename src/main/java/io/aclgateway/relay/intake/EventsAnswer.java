package io.aclgateway.relay.intake;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;

import io.aclgateway.relay.core.EventFate;
import io.aclgateway.relay.core.IncomingEvent;
import io.aclgateway.relay.core.RelayOutcome;
import io.aclgateway.support.ProblemDetails;

/**
 * The answer to {@code POST /events} for each outcome of the relay (events.md 1.3): its
 * status, its {@code code} (what {@code acl_events_requests_total} counts) and its body.
 */
record EventsAnswer(HttpStatus status, AnswerCode code, Map<String, Object> body) {

	/**
	 * 202 when every event is on the queue; 503 with {@code Retry-After} when the queue
	 * failed any message (even beside a refusal for content); else 422
	 * {@code rejected_by_queue}. Refusals before sending: 400 {@code duplicate_id}, 422
	 * {@code invalid_events}, and the gateway's own fault 500 {@code translation_failed}.
	 */
	static EventsAnswer of(RelayOutcome outcome) {
		if (outcome instanceof RelayOutcome.DuplicateId duplicate) {
			return problem(HttpStatus.BAD_REQUEST, AnswerCode.DUPLICATE_ID,
					"Two events of the batch have the id '" + duplicate.id() + "'.");
		}
		if (outcome instanceof RelayOutcome.InvalidEvents invalid) {
			return invalidEvents(invalid);
		}
		if (outcome instanceof RelayOutcome.TranslationFault fault) {
			// Not the events' fault: a 5xx, which Falcon may resend once the gateway is
			// fixed. What the schema said goes to the log, not to Falcon.
			return problem(HttpStatus.INTERNAL_SERVER_ERROR, AnswerCode.TRANSLATION_FAILED,
					"The gateway could not translate " + fault.mistranslated().size() + " of " + fault.batch().size()
							+ " events into valid legacy messages; this is the gateway's fault, not the events'. "
							+ "Nothing was sent; resending the request later is safe.");
		}
		RelayOutcome.Relayed relayed = (RelayOutcome.Relayed) outcome;
		if (relayed.allDelivered()) {
			Map<String, Object> body = new LinkedHashMap<>();
			body.put("accepted", relayed.events().size());
			body.put("results", results(relayed));
			return new EventsAnswer(HttpStatus.ACCEPTED, AnswerCode.ACCEPTED, body);
		}
		if (relayed.queueUnavailable()) {
			boolean noQueue = relayed.events().stream().anyMatch(event -> event.fate() instanceof EventFate.NoQueue);
			Map<String, Object> problem = ProblemDetails.of(HttpStatus.SERVICE_UNAVAILABLE,
					AnswerCode.QUEUE_UNAVAILABLE.wireName(),
					noQueue ? "No legacy queue is configured."
							: "The legacy queue did not acknowledge every message; resend the events whose status is "
									+ "failed (resending the whole request is safe, but events rejected_by_queue "
									+ "will be rejected again).");
			problem.put("results", results(relayed));
			return new EventsAnswer(HttpStatus.SERVICE_UNAVAILABLE, AnswerCode.QUEUE_UNAVAILABLE, problem);
		}
		// The queue refused some event's message for its content and failed nothing else:
		// a 4xx, so that
		// Falcon does not resend the request as it is. Events held back behind it are
		// failed.
		Map<String, Object> problem = ProblemDetails.of(HttpStatus.UNPROCESSABLE_CONTENT,
				AnswerCode.REJECTED_BY_QUEUE.wireName(),
				"The legacy queue refused the messages of some event for their content; do not resend the events "
						+ "whose status is rejected_by_queue, resend those whose status is failed.");
		problem.put("results", results(relayed));
		return new EventsAnswer(HttpStatus.UNPROCESSABLE_CONTENT, AnswerCode.REJECTED_BY_QUEUE, problem);
	}

	private static EventsAnswer invalidEvents(RelayOutcome.InvalidEvents invalid) {
		List<Map<String, Object>> errors = new ArrayList<>(invalid.invalid().size());
		for (RelayOutcome.Invalid event : invalid.invalid()) {
			Map<String, Object> error = new LinkedHashMap<>();
			error.put("index", index(event.event()));
			error.put("id", event.event().id());
			error.put("code", event.problem().code());
			error.put("detail", event.problem().detail());
			errors.add(error);
		}
		Map<String, Object> problem = ProblemDetails.of(HttpStatus.UNPROCESSABLE_CONTENT,
				AnswerCode.INVALID_EVENTS.wireName(),
				errors.size() + " of " + invalid.batch().size() + " events are invalid; nothing was sent.");
		problem.put("errors", errors);
		return new EventsAnswer(HttpStatus.UNPROCESSABLE_CONTENT, AnswerCode.INVALID_EVENTS, problem);
	}

	/**
	 * Per event, in the request's order: its id, its status, and how many legacy messages
	 * it makes.
	 */
	private static List<Map<String, Object>> results(RelayOutcome.Relayed relayed) {
		List<Map<String, Object>> results = new ArrayList<>(relayed.events().size());
		for (RelayOutcome.Settled event : relayed.events()) {
			Map<String, Object> result = new LinkedHashMap<>();
			result.put("id", event.incoming().id());
			result.put("status", event.fate().status());
			result.put("messages", event.messages().size());
			results.add(result);
		}
		return results;
	}

	/**
	 * The event's index in the request: this adapter hands the relay nothing but batch
	 * positions.
	 */
	private static int index(IncomingEvent event) {
		return ((IncomingEvent.Position.BatchIndex) event.position()).index();
	}

	/** A problem+json answer with nothing but its code and detail. */
	static EventsAnswer problem(HttpStatus status, AnswerCode code, String detail) {
		return new EventsAnswer(status, code, ProblemDetails.of(status, code.wireName(), detail));
	}

}
