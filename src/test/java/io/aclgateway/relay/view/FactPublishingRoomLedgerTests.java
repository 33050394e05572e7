package io.aclgateway.relay.view;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.aclgateway.relay.core.EventFate;
import io.aclgateway.relay.core.InMemoryRoomLedger;
import io.aclgateway.testing.MovingClock;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ledger tells the other replicas a room's transitions only: idle to pending, and
 * back with or without a delivery meanwhile; the replica's own ledger still gets every
 * event.
 */
class FactPublishingRoomLedgerTests {

	private final MovingClock clock = new MovingClock(Instant.parse("2026-11-30T08:00:00Z"));

	private final InMemoryRoomLedger local = new InMemoryRoomLedger(clock, Duration.ofMinutes(1));

	private final List<RoomFact> published = new ArrayList<>();

	private final FactPublishingRoomLedger ledger = new FactPublishingRoomLedger(local, published::add, clock, "pod-a");

	@Test
	void aBurstOfARoomIsTwoFactsAndTheEndSaysSomethingWasDelivered() {
		ledger.pending(7);
		ledger.pending(7);
		clock.advance(Duration.ofSeconds(1));
		ledger.settled(7, EventFate.DELIVERED);
		assertThat(local.isBusy(7, Duration.ZERO)).isTrue();
		ledger.settled(7, EventFate.QUEUE_UNAVAILABLE);

		assertThat(published).containsExactly(
				new RoomFact(7, RoomFact.State.PENDING, Instant.parse("2026-11-30T08:00:00Z"), "pod-a"),
				new RoomFact(7, RoomFact.State.DELIVERED, Instant.parse("2026-11-30T08:00:01Z"), "pod-a"));
		assertThat(local.lastDelivered(7)).contains(Instant.parse("2026-11-30T08:00:01Z"));
	}

	@Test
	void aBurstWithNothingDeliveredEndsSettled() {
		ledger.pending(7);
		ledger.settled(7, EventFate.QUEUE_UNAVAILABLE);
		ledger.pending(7);
		ledger.settled(7, EventFate.REJECTED_BY_QUEUE);

		assertThat(published).extracting(RoomFact::state)
			.containsExactly(RoomFact.State.PENDING, RoomFact.State.SETTLED, RoomFact.State.PENDING,
					RoomFact.State.SETTLED);
	}

	@Test
	void roomsAreToldApartAndASettleWithoutAPendingTellsNothing() {
		ledger.pending(7);
		ledger.pending(8);
		ledger.settled(9, EventFate.DELIVERED);
		ledger.settled(8, EventFate.DELIVERED);

		assertThat(published).extracting(RoomFact::room, RoomFact::state)
			.containsExactly(org.assertj.core.groups.Tuple.tuple(7L, RoomFact.State.PENDING),
					org.assertj.core.groups.Tuple.tuple(8L, RoomFact.State.PENDING),
					org.assertj.core.groups.Tuple.tuple(8L, RoomFact.State.DELIVERED));
	}

}
