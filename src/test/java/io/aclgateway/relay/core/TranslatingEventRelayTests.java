package io.aclgateway.relay.core;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;
import reactor.core.Disposable;

import io.aclgateway.relay.contract.EventProblem;
import io.aclgateway.relay.contract.FalconEventReader;
import io.aclgateway.relay.core.IncomingEvent.Position;
import io.aclgateway.relay.core.RelayOutcome.InvalidEvents;
import io.aclgateway.relay.core.RelayOutcome.Relayed;
import io.aclgateway.relay.core.RelayOutcome.Settled;
import io.aclgateway.relay.core.RelayOutcome.TranslationFault;
import io.aclgateway.relay.delivery.DeliveryReport.Outcome;
import io.aclgateway.relay.delivery.LegacyMessageSender;
import io.aclgateway.relay.delivery.MessageCheck;
import io.aclgateway.relay.delivery.NoQueueSender;
import io.aclgateway.relay.translation.LegacySchema;
import io.aclgateway.relay.translation.LegacyTranslator;
import io.aclgateway.testing.MistranslatingTranslator;

import static io.aclgateway.relay.core.Events.batch;
import static io.aclgateway.relay.core.Events.messagePosted;
import static io.aclgateway.relay.core.Events.ofType;
import static io.aclgateway.relay.core.Events.taskCreated;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The relay use case with a fake sender: events.md 1.2, per event, without HTTP or a
 * queue.
 */
class TranslatingEventRelayTests {

	private static final Instant NOW = Instant.parse("2026-11-30T02:00:00Z");

	private static final LegacySchema SCHEMA = LegacySchema.load();

	private final InMemoryRoomLedger ledger = new InMemoryRoomLedger(Clock.fixed(NOW, ZoneOffset.UTC),
			Duration.ofMinutes(1));

	// ---- refused before anything is sent ----

	@Test
	void refusesABatchWithAnInvalidEventListingItAndSendsNothing() {
		FakeSender sender = FakeSender.acknowledgingEverything();

		RelayOutcome outcome = relay(sender, MessageCheck.NONE, messagePosted("a", 7, "x"),
				ofType("b", "falcon.room.archived.v1"), messagePosted("c", 8, "y"));

		assertThat(outcome).isInstanceOf(InvalidEvents.class);
		InvalidEvents invalid = (InvalidEvents) outcome;
		assertThat(invalid.batch()).hasSize(3);
		assertThat(invalid.invalid()).singleElement().satisfies(event -> {
			assertThat(event.event().position()).isEqualTo(new Position.BatchIndex(1));
			assertThat(event.event().id()).isEqualTo("b");
			assertThat(event.problem().code()).isEqualTo(EventProblem.UNKNOWN_TYPE);
		});
		assertThat(sender.deliveries).isEmpty();
	}

	@Test
	void refusesAnEventWhoseMessageIsTooLargeAsMessageTooLargeAndSendsNothing() {
		FakeSender sender = FakeSender.acknowledgingEverything();
		MessageCheck atMost200Bytes = message -> (message.body().length() > 200)
				? Optional.of(new EventProblem(EventProblem.MESSAGE_TOO_LARGE, message.eid() + " is too large"))
				: Optional.empty();

		RelayOutcome outcome = relay(sender, atMost200Bytes, messagePosted("a", 7, "x"),
				messagePosted("b", 7, "y".repeat(200)));

		assertThat(((InvalidEvents) outcome).invalid()).singleElement()
			.satisfies(event -> assertThat(event.problem())
				.isEqualTo(new EventProblem(EventProblem.MESSAGE_TOO_LARGE, "b is too large")));
		assertThat(sender.deliveries).isEmpty();
	}

	@Test
	void refusesTwoEventsWithTheSameIdBeforeReadingEitherAndSendsNothing() {
		FakeSender sender = FakeSender.acknowledgingEverything();

		RelayOutcome outcome = relay(sender, MessageCheck.NONE, messagePosted("a", 7, "x"),
				ofType("b", "falcon.room.archived.v1"), messagePosted("a", 8, "y"));

		assertThat(outcome).isEqualTo(new RelayOutcome.DuplicateId("a"));
		assertThat(sender.deliveries).isEmpty();
	}

	// ---- sent: each event's fate from its own messages ----

	@Test
	void deliversEveryEventWhenTheQueueAcknowledgesEveryMessage() {
		Relayed relayed = (Relayed) relay(FakeSender.acknowledgingEverything(), MessageCheck.NONE,
				messagePosted("a", 7, "x"), taskCreated("t", 8, 3));

		assertThat(relayed.allDelivered()).isTrue();
		assertThat(relayed.queueUnavailable()).isFalse();
		assertThat(relayed.events()).extracting(Settled::fate)
			.containsExactly(EventFate.DELIVERED, EventFate.DELIVERED);
		assertThat(relayed.events()).extracting(settled -> settled.messages().size()).containsExactly(1, 3);
	}

	@Test
	void failsOnlyTheEventsWhoseOwnMessagesTheQueueDidNotAcknowledge() {
		FakeSender sender = new FakeSender(eid -> eid.equals("t#2") ? Outcome.FAILED : Outcome.ACKNOWLEDGED);

		Relayed relayed = (Relayed) relay(sender, MessageCheck.NONE, messagePosted("a", 7, "x"), taskCreated("t", 8, 3),
				messagePosted("c", 9, "z"));

		assertThat(relayed.events()).extracting(Settled::fate)
			.containsExactly(EventFate.DELIVERED, EventFate.QUEUE_UNAVAILABLE, EventFate.DELIVERED);
		assertThat(relayed.events()).extracting(settled -> settled.fate().status())
			.containsExactly("accepted", "failed", "accepted");
		assertThat(relayed.queueUnavailable()).isTrue();
		assertThat(relayed.allDelivered()).isFalse();
	}

	@Test
	void reportsEveryEventUnavailableWhenTheQueueIsDown() {
		Relayed relayed = (Relayed) relay(new FakeSender(eid -> Outcome.FAILED), MessageCheck.NONE,
				messagePosted("a", 7, "x"), messagePosted("b", 8, "y"));

		assertThat(relayed.events()).extracting(Settled::fate).containsOnly(EventFate.QUEUE_UNAVAILABLE);
		assertThat(relayed.queueUnavailable()).isTrue();
	}

	@Test
	void reportsNoQueueForEveryValidEventWhenNoQueueIsConfigured() {
		Relayed relayed = (Relayed) relay(new NoQueueSender(), MessageCheck.NONE, messagePosted("a", 7, "x"),
				taskCreated("t", 8, 2));

		assertThat(relayed.events()).extracting(Settled::fate).containsOnly(EventFate.NO_QUEUE);
		assertThat(relayed.events()).extracting(settled -> settled.fate().status()).containsOnly("failed");
		assertThat(relayed.queueUnavailable()).isTrue();
	}

	@Test
	void holdsARoomsLaterEventBehindTheOneTheQueueRejectedWhileOtherRoomsFlow() {
		FakeSender sender = new FakeSender(
				eid -> Map.of("a", Outcome.REJECTED, "b", Outcome.HELD).getOrDefault(eid, Outcome.ACKNOWLEDGED));

		Relayed relayed = (Relayed) relay(sender, MessageCheck.NONE, messagePosted("a", 7, "x"),
				messagePosted("b", 7, "y"), messagePosted("c", 8, "z"));

		assertThat(relayed.events()).extracting(Settled::fate)
			.containsExactly(EventFate.REJECTED_BY_QUEUE, EventFate.HELD, EventFate.DELIVERED);
		assertThat(relayed.events()).extracting(settled -> settled.fate().status())
			.containsExactly("rejected_by_queue", "failed", "accepted");
		assertThat(relayed.queueUnavailable()).as("a refusal for content is no queue failure").isFalse();
	}

	@Test
	void sendsEveryMessageInOneDeliveryInTheBatchsOrderSoEachRoomKeepsItsOrder() {
		FakeSender sender = FakeSender.acknowledgingEverything();

		relay(sender, MessageCheck.NONE, messagePosted("a", 7, "x"), taskCreated("t", 8, 2), messagePosted("b", 7, "y"),
				taskCreated("u", 7, 2));

		assertThat(sender.sentEids()).containsExactly(List.of("a", "t#1", "t#2", "b", "u#1", "u#2"));
	}

	// ---- the translator's faults: the legacy JSON Schema ----

	@Test
	void refusesABatchWithAMessageTheLegacySchemaRefusesAsATranslationFaultAndSendsNothing() {
		FakeSender sender = FakeSender.acknowledgingEverything();
		TranslatingEventRelay relay = new TranslatingEventRelay(new FalconEventReader(),
				new MistranslatingTranslator(Set.of("t")), SCHEMA, MessageCheck.NONE, sender, ledger);

		RelayOutcome outcome = relay
			.relay(batch(messagePosted("a", 7, "x"), taskCreated("t", 8, 2), messagePosted("c", 9, "z")))
			.block();

		assertThat(outcome).isInstanceOf(TranslationFault.class);
		TranslationFault fault = (TranslationFault) outcome;
		assertThat(fault.batch()).hasSize(3);
		assertThat(fault.mistranslated()).singleElement().satisfies(event -> {
			assertThat(event.incoming().position()).isEqualTo(new Position.BatchIndex(1));
			assertThat(event.event().meta().id()).isEqualTo("t");
			assertThat(event.command()).isEqualTo("task_add");
			assertThat(event.violations()).singleElement().asString().isEqualTo("required at the root: aid");
		});
		assertThat(sender.deliveries).as("nothing of the batch is sent").isEmpty();
		assertThat(ledger.isBusy(7, Duration.ofMinutes(1))).isFalse();
	}

	@Test
	void namesTheEventsOwnFaultsBeforeTheTranslatorsInABatchWithBoth() {
		FakeSender sender = FakeSender.acknowledgingEverything();
		TranslatingEventRelay relay = new TranslatingEventRelay(new FalconEventReader(),
				new MistranslatingTranslator(Set.of("a")), SCHEMA, MessageCheck.NONE, sender, ledger);

		RelayOutcome outcome = relay.relay(batch(messagePosted("a", 7, "x"), ofType("b", "falcon.room.archived.v1")))
			.block();

		assertThat(((InvalidEvents) outcome).invalid()).singleElement()
			.satisfies(event -> assertThat(event.event().id()).isEqualTo("b"));
		assertThat(sender.deliveries).isEmpty();
	}

	// ---- the per-room state ----

	@Test
	void sendsNothingOfARoomTheLedgerHoldsAndLetsOtherRoomsFlow() {
		FakeSender sender = FakeSender.acknowledgingEverything();
		RoomLedger holdingRoom7 = new HoldingLedger(Set.of(7L));

		Relayed relayed = (Relayed) new TranslatingEventRelay(new FalconEventReader(), new LegacyTranslator(), SCHEMA,
				MessageCheck.NONE, sender, holdingRoom7)
			.relay(batch(messagePosted("a", 7, "x"), messagePosted("b", 8, "y"), messagePosted("c", 7, "z")))
			.block();

		assertThat(relayed.events()).extracting(Settled::fate)
			.containsExactly(EventFate.HELD, EventFate.DELIVERED, EventFate.HELD);
		assertThat(sender.sentEids()).containsExactly(List.of("b"));
	}

	@Test
	void marksTheRoomsPendingWhileTheirSendIsInFlightAndDeliveredOnceAcknowledged() {
		FakeSender sender = FakeSender.acknowledgingEverything().gated();
		TranslatingEventRelay relay = relay(sender, MessageCheck.NONE);

		Relayed[] relayed = new Relayed[1];
		relay.relay(batch(messagePosted("a", 7, "x"))).subscribe(outcome -> relayed[0] = (Relayed) outcome);

		assertThat(ledger.isBusy(7, Duration.ZERO)).as("pending while in flight").isTrue();
		assertThat(ledger.isBusy(8, Duration.ofSeconds(10))).isFalse();
		assertThat(ledger.lastDelivered(7)).isEmpty();
		sender.release();
		assertThat(relayed[0].allDelivered()).isTrue();
		assertThat(ledger.lastDelivered(7)).contains(NOW);
		assertThat(ledger.isBusy(7, Duration.ofSeconds(10))).as("delivered within the window").isTrue();
	}

	@Test
	void releasesThePendingRoomsWhenTheSendIsAbandoned() {
		FakeSender sender = FakeSender.acknowledgingEverything().gated();
		TranslatingEventRelay relay = relay(sender, MessageCheck.NONE);

		Disposable send = relay.relay(batch(messagePosted("a", 7, "x"))).subscribe();
		assertThat(ledger.isBusy(7, Duration.ZERO)).isTrue();
		send.dispose();

		assertThat(ledger.isBusy(7, Duration.ZERO)).isFalse();
		assertThat(ledger.lastDelivered(7)).isEmpty();
	}

	private RelayOutcome relay(LegacyMessageSender sender, MessageCheck check, String... events) {
		return relay(sender, check).relay(batch(events)).block();
	}

	private TranslatingEventRelay relay(LegacyMessageSender sender, MessageCheck check) {
		return new TranslatingEventRelay(new FalconEventReader(), new LegacyTranslator(), SCHEMA, check, sender,
				ledger);
	}

	/**
	 * A ledger whose given rooms are held, as the Kafka issue's durable one will hold
	 * rooms.
	 */
	private record HoldingLedger(Set<Long> held) implements RoomLedger {

		@Override
		public void pending(long roomId) {
		}

		@Override
		public void settled(long roomId, EventFate fate) {
		}

		@Override
		public boolean isHeld(long roomId) {
			return held.contains(roomId);
		}

		@Override
		public Optional<Instant> lastDelivered(long roomId) {
			return Optional.empty();
		}

		@Override
		public boolean isBusy(long roomId, Duration window) {
			return false;
		}

	}

}
