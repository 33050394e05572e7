package io.aclgateway.relay.core;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.aclgateway.testing.MovingClock;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * This replica's per-room state: what shadow reads will ask to tell lag from a wrong
 * answer.
 */
class InMemoryRoomLedgerTests {

	private final MovingClock clock = new MovingClock(Instant.parse("2026-11-30T02:00:00Z"));

	private final InMemoryRoomLedger ledger = new InMemoryRoomLedger(clock, Duration.ofMinutes(1));

	@Test
	void aRoomIsBusyWhileAnyOfItsEventsIsPending() {
		ledger.pending(7);
		ledger.pending(7);
		ledger.settled(7, EventFate.QUEUE_UNAVAILABLE);

		assertThat(ledger.isBusy(7, Duration.ZERO)).isTrue();
		ledger.settled(7, EventFate.QUEUE_UNAVAILABLE);
		assertThat(ledger.isBusy(7, Duration.ZERO)).isFalse();
	}

	@Test
	void aRoomIsBusyForTheWindowAfterItsLastDeliveryAndNoLonger() {
		ledger.pending(7);
		ledger.settled(7, EventFate.DELIVERED);
		clock.advance(Duration.ofSeconds(10));

		assertThat(ledger.isBusy(7, Duration.ofSeconds(10))).isTrue();
		clock.advance(Duration.ofMillis(1));
		assertThat(ledger.isBusy(7, Duration.ofSeconds(10))).isFalse();
		assertThat(ledger.lastDelivered(7)).contains(Instant.parse("2026-11-30T02:00:00Z"));
	}

	@Test
	void anEventNotDeliveredLeavesNoDelivery() {
		ledger.pending(7);
		ledger.settled(7, EventFate.REJECTED_BY_QUEUE);

		assertThat(ledger.lastDelivered(7)).isEmpty();
		assertThat(ledger.isBusy(7, Duration.ofSeconds(10))).isFalse();
	}

	@Test
	void forgetsADeliveryOlderThanItRemembers() {
		ledger.pending(7);
		ledger.settled(7, EventFate.DELIVERED);
		clock.advance(Duration.ofMinutes(2));

		assertThat(ledger.lastDelivered(7)).isEmpty();
	}

	@Test
	void holdsNoRoom() {
		ledger.pending(7);
		ledger.settled(7, EventFate.REJECTED_BY_QUEUE);

		assertThat(ledger.isHeld(7)).isFalse();
	}

}
