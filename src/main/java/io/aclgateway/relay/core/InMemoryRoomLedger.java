package io.aclgateway.relay.core;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * This replica's view of its own sends: pending rooms and recent deliveries, forgotten
 * after {@code remember}. It holds no room: a room is held only within a batch until the
 * Kafka issue brings durable held rooms and an operator's release.
 */
public final class InMemoryRoomLedger implements RoomLedger, RoomActivity {

	/**
	 * A sweep of old deliveries after this many settled events, so memory stays bounded
	 * by recent rooms.
	 */
	private static final int SWEEP_EVERY = 1024;

	private final Clock clock;

	private final Duration remember;

	private final Map<Long, Integer> pending = new ConcurrentHashMap<>();

	private final Map<Long, Instant> delivered = new ConcurrentHashMap<>();

	private final AtomicInteger settledSinceSweep = new AtomicInteger();

	public InMemoryRoomLedger(Clock clock, Duration remember) {
		this.clock = clock;
		this.remember = remember;
	}

	@Override
	public void pending(long roomId) {
		pending.merge(roomId, 1, Integer::sum);
	}

	@Override
	public void settled(long roomId, EventFate fate) {
		pending.computeIfPresent(roomId, (room, count) -> (count > 1) ? count - 1 : null);
		if (fate.isDelivered()) {
			delivered.put(roomId, clock.instant());
		}
		if (settledSinceSweep.incrementAndGet() >= SWEEP_EVERY) {
			settledSinceSweep.set(0);
			Instant before = clock.instant().minus(remember);
			delivered.values().removeIf(at -> at.isBefore(before));
		}
	}

	@Override
	public boolean isHeld(long roomId) {
		return false;
	}

	@Override
	public Optional<Instant> lastDelivered(long roomId) {
		Instant at = delivered.get(roomId);
		return (at == null || at.isBefore(clock.instant().minus(remember))) ? Optional.empty() : Optional.of(at);
	}

	@Override
	public boolean isBusy(long roomId, Duration window) {
		if (pending.containsKey(roomId)) {
			return true;
		}
		Instant at = delivered.get(roomId);
		return at != null && !at.isBefore(clock.instant().minus(window));
	}

	@Override
	public Activity activity(long roomId, Duration window) {
		return isBusy(roomId, window) ? Activity.BUSY : Activity.QUIET;
	}

}
