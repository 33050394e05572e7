package io.aclgateway.relay.intake;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;

import io.aclgateway.relay.contract.EventProblem;
import io.aclgateway.relay.contract.FalconEventReader;
import io.aclgateway.relay.core.EventFate;
import io.aclgateway.relay.core.IncomingEvent;
import io.aclgateway.relay.core.IncomingEvent.Position;
import io.aclgateway.relay.core.RelayOutcome;
import io.aclgateway.relay.core.RelayOutcome.Settled;

import static org.assertj.core.api.Assertions.assertThat;

/** Each outcome of the relay as {@code POST /events} answers it (events.md 1.3). */
class EventsAnswerTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final IncomingEvent a = event(0, "a", 7);

	private final IncomingEvent b = event(1, "b", 8);

	@Test
	void answers202WithEveryEventAcceptedWhenAllAreDelivered() {
		EventsAnswer answer = EventsAnswer.of(relayed(false, EventFate.DELIVERED, EventFate.DELIVERED));

		assertThat(answer.status()).isEqualTo(HttpStatus.ACCEPTED);
		assertThat(answer.body()).containsEntry("accepted", 2)
			.containsEntry("results", List.of(Map.of("id", "a", "status", "accepted", "messages", 1),
					Map.of("id", "b", "status", "accepted", "messages", 1)));
	}

	@Test
	void answers503WhenTheQueueFailedAnyMessageEvenBesideARefusalForContent() {
		EventsAnswer answer = EventsAnswer.of(relayed(true, EventFate.REJECTED_BY_QUEUE, EventFate.QUEUE_UNAVAILABLE));

		assertThat(answer.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
		assertThat(answer.code().wireName()).isEqualTo("queue_unavailable");
		assertThat(answer.body()).containsEntry("results",
				List.of(Map.of("id", "a", "status", "rejected_by_queue", "messages", 1),
						Map.of("id", "b", "status", "failed", "messages", 1)));
	}

	@Test
	void answers503SayingNoQueueIsConfiguredWhenThereIsNone() {
		EventsAnswer answer = EventsAnswer.of(relayed(true, EventFate.NO_QUEUE, EventFate.NO_QUEUE));

		assertThat(answer.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
		assertThat(answer.body()).containsEntry("detail", "No legacy queue is configured.");
	}

	@Test
	void answers422RejectedByQueueWhenTheQueueOnlyRefusedSomeEventForItsContent() {
		EventsAnswer answer = EventsAnswer.of(relayed(false, EventFate.REJECTED_BY_QUEUE, EventFate.HELD));

		assertThat(answer.status()).isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT);
		assertThat(answer.code().wireName()).isEqualTo("rejected_by_queue");
		assertThat(answer.body()).containsEntry("results",
				List.of(Map.of("id", "a", "status", "rejected_by_queue", "messages", 1),
						Map.of("id", "b", "status", "failed", "messages", 1)));
	}

	@Test
	void answers422InvalidEventsListingEachInvalidEventByItsIndex() {
		EventsAnswer answer = EventsAnswer.of(new RelayOutcome.InvalidEvents(List.of(a, b),
				List.of(new RelayOutcome.Invalid(b, new EventProblem("invalid_id", "roomId must be ...")))));

		assertThat(answer.status()).isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT);
		assertThat(answer.code().wireName()).isEqualTo("invalid_events");
		assertThat(answer.body()).containsEntry("detail", "1 of 2 events are invalid; nothing was sent.")
			.containsEntry("errors",
					List.of(Map.of("index", 1, "id", "b", "code", "invalid_id", "detail", "roomId must be ...")));
	}

	@Test
	void answers500TranslationFailedWhenTheTranslatorMadeAMessageTheLegacySchemaRefuses() {
		EventsAnswer answer = EventsAnswer
			.of(new RelayOutcome.TranslationFault(List.of(a, b), List.of(new RelayOutcome.Mistranslated(b,
					new FalconEventReader().read(b.document()), "chat_add", List.of("required at the root: aid")))));

		assertThat(answer.status()).isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR);
		assertThat(answer.code().wireName()).isEqualTo("translation_failed");
		assertThat(answer.body()).containsEntry("code", "translation_failed")
			.containsEntry("type", "urn:acl-gateway:problem:translation_failed")
			.containsEntry("title", "Internal Server Error")
			.doesNotContainKeys("errors", "results");
		assertThat((String) answer.body().get("detail")).contains("1 of 2 events")
			.contains("the gateway's fault, not the events'")
			.doesNotContain("aid");
	}

	private RelayOutcome.Relayed relayed(boolean queueUnavailable, EventFate first, EventFate second) {
		return new RelayOutcome.Relayed(List.of(settled(a, first), settled(b, second)), queueUnavailable);
	}

	private static Settled settled(IncomingEvent event, EventFate fate) {
		var read = new FalconEventReader().read(event.document());
		return new Settled(event, read,
				List.of(new io.aclgateway.relay.translation.LegacyTranslator().translate(read).get(0)), fate);
	}

	private static IncomingEvent event(int index, String id, long room) {
		return new IncomingEvent(new Position.BatchIndex(index), JSON.readTree("""
				{"specversion":"1.0","id":"%s","source":"/falcon/write-api","type":"falcon.message.posted.v1",\
				"time":"2025-03-14T09:26:53Z","data":{"roomId":"%d","messageId":"30","authorId":"20","body":"x"}}"""
			.formatted(id, room)));
	}

}
