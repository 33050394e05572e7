package io.aclgateway.relay.view;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The facts of every replica folded per room: pending until that replica ends it or the
 * pending expiry passes, busy for the window after a delivery, forgotten afterwards.
 */
class SeenRoomsTests {

	private static final Instant T0 = Instant.parse("2026-11-30T08:00:00Z");

	private final SeenRooms rooms = new SeenRooms(Duration.ofMinutes(5), Duration.ofMinutes(1));

	@Test
	void pendingOnAnyReplicaUntilThatReplicaEndsIt() {
		rooms.apply(new RoomFact(7, RoomFact.State.PENDING, T0, "a"));
		rooms.apply(new RoomFact(7, RoomFact.State.PENDING, T0, "b"));
		rooms.apply(new RoomFact(7, RoomFact.State.SETTLED, T0, "a"));

		assertThat(rooms.isBusy(7, Duration.ZERO, T0.plusSeconds(1))).isTrue();
		assertThat(rooms.isBusy(8, Duration.ofSeconds(10), T0.plusSeconds(1))).isFalse();
		rooms.apply(new RoomFact(7, RoomFact.State.SETTLED, T0, "b"));
		assertThat(rooms.isBusy(7, Duration.ofSeconds(10), T0.plusSeconds(1))).isFalse();
	}

	@Test
	void aPendingFactWithoutItsEndExpires() {
		rooms.apply(new RoomFact(7, RoomFact.State.PENDING, T0, "crashed"));

		assertThat(rooms.isBusy(7, Duration.ZERO, T0.plus(Duration.ofMinutes(5)).minusMillis(1))).isTrue();
		assertThat(rooms.isBusy(7, Duration.ZERO, T0.plus(Duration.ofMinutes(5)))).isFalse();
		rooms.forget(T0.plus(Duration.ofMinutes(5)));
		assertThat(rooms.size()).isZero();
	}

	@Test
	void busyForTheWindowAfterADeliveryThenForgotten() {
		rooms.apply(new RoomFact(7, RoomFact.State.PENDING, T0, "a"));
		rooms.apply(new RoomFact(7, RoomFact.State.DELIVERED, T0.plusSeconds(1), "a"));

		assertThat(rooms.isBusy(7, Duration.ofSeconds(10), T0.plusSeconds(11))).isTrue();
		assertThat(rooms.isBusy(7, Duration.ofSeconds(10), T0.plusSeconds(11).plusMillis(1))).isFalse();
		rooms.forget(T0.plusSeconds(60));
		assertThat(rooms.size()).isOne();
		rooms.forget(T0.plusSeconds(62));
		assertThat(rooms.size()).isZero();
	}

	@Test
	void aRoomPendingElsewhereIsKeptWhileItsDeliveryIsForgotten() {
		rooms.apply(new RoomFact(7, RoomFact.State.DELIVERED, T0, "a"));
		rooms.apply(new RoomFact(7, RoomFact.State.PENDING, T0.plusSeconds(61), "b"));
		rooms.forget(T0.plusSeconds(62));

		assertThat(rooms.isBusy(7, Duration.ZERO, T0.plusSeconds(62))).isTrue();
		assertThat(rooms.size()).isOne();
	}

}
