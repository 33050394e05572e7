package io.aclgateway.relay.core;

import java.util.List;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import io.aclgateway.relay.contract.EventProblem;
import io.aclgateway.relay.contract.FalconEventType;
import io.aclgateway.relay.core.RelayOutcome.Settled;

import static io.aclgateway.relay.core.Events.batch;
import static io.aclgateway.relay.core.Events.messagePosted;
import static io.aclgateway.relay.core.Events.ofType;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code acl_events_total}: every event counted once, by its type and its outcome,
 * whatever the intake.
 */
class MeteredEventRelayTests {

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	@Test
	void registersEveryTypeAndOutcomeAtZeroFromTheStart() {
		new MeteredEventRelay(batch -> Mono.empty(), meters);

		assertThat(meters.find("acl.events").counters()).hasSize((FalconEventType.values().length + 1) * 4);
		assertThat(count("unknown", "rejected_by_queue")).isZero();
	}

	@Test
	void countsEveryEventOfAnInvalidBatchAsRejectedByItsTypeOrUnknown() {
		List<IncomingEvent> events = batch(messagePosted("a", 7, "x"), ofType("b", "falcon.room.archived.v1"));
		relay(new RelayOutcome.InvalidEvents(events,
				List.of(new RelayOutcome.Invalid(events.get(1), new EventProblem("unknown_type", "...")))), events);

		assertThat(count("falcon.message.posted.v1", "rejected")).isEqualTo(1);
		assertThat(count("unknown", "rejected")).isEqualTo(1);
	}

	@Test
	void countsEachRelayedEventByItsFate() {
		List<IncomingEvent> events = batch(messagePosted("a", 7, "x"), messagePosted("b", 7, "y"),
				messagePosted("c", 8, "z"), messagePosted("d", 9, "w"));
		relay(new RelayOutcome.Relayed(List.of(settled(events.get(0), EventFate.DELIVERED),
				settled(events.get(1), EventFate.REJECTED_BY_QUEUE), settled(events.get(2), EventFate.HELD),
				settled(events.get(3), EventFate.QUEUE_UNAVAILABLE)), true), events);

		assertThat(count("falcon.message.posted.v1", "accepted")).isEqualTo(1);
		assertThat(count("falcon.message.posted.v1", "rejected_by_queue")).isEqualTo(1);
		assertThat(count("falcon.message.posted.v1", "failed")).isEqualTo(2);
		assertThat(count("falcon.message.posted.v1", "rejected")).isZero();
	}

	@Test
	void countsNoEventOfABatchRefusedForADuplicateId() {
		List<IncomingEvent> events = batch(messagePosted("a", 7, "x"), messagePosted("a", 8, "y"));
		relay(new RelayOutcome.DuplicateId("a"), events);

		assertThat(meters.find("acl.events").counters()).allSatisfy(counter -> assertThat(counter.count()).isZero());
	}

	private void relay(RelayOutcome outcome, List<IncomingEvent> events) {
		new MeteredEventRelay(batch -> Mono.just(outcome), meters).relay(events).block();
	}

	private static Settled settled(IncomingEvent event, EventFate fate) {
		return new Settled(event, new io.aclgateway.relay.contract.FalconEventReader().read(event.document()),
				List.of(), fate);
	}

	private double count(String type, String outcome) {
		return meters.get("acl.events").tag("type", type).tag("outcome", outcome).counter().count();
	}

}
