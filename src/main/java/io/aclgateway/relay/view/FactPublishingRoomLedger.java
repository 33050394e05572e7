package io.aclgateway.relay.view;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import io.aclgateway.relay.core.EventFate;
import io.aclgateway.relay.core.RoomLedger;

/**
 * This replica's ledger, telling the other replicas when a room turns pending and when it
 * turns idle again (with whether something was delivered meanwhile): one fact per
 * transition, not per event, so a burst of a room costs two facts. Both intakes write
 * through it, as both relay through the use case.
 */
final class FactPublishingRoomLedger implements RoomLedger {

	private final RoomLedger ledger;

	private final RoomFacts facts;

	private final Clock clock;

	private final String pod;

	/** Rooms pending on this replica: their events on the way, and any delivered. */
	private final Map<Long, Burst> pending = new ConcurrentHashMap<>();

	FactPublishingRoomLedger(RoomLedger ledger, RoomFacts facts, Clock clock, String pod) {
		this.ledger = ledger;
		this.facts = facts;
		this.clock = clock;
		this.pod = pod;
	}

	@Override
	public void pending(long roomId) {
		ledger.pending(roomId);
		// Published inside the map's update of the room, so a room's facts leave in the
		// order of its transitions whichever threads make them.
		pending.compute(roomId, (room, burst) -> {
			if (burst == null) {
				facts.publish(new RoomFact(room, RoomFact.State.PENDING, clock.instant(), pod));
				return new Burst(1, false);
			}
			return new Burst(burst.events() + 1, burst.delivered());
		});
	}

	@Override
	public void settled(long roomId, EventFate fate) {
		ledger.settled(roomId, fate);
		pending.computeIfPresent(roomId, (room, burst) -> {
			boolean delivered = burst.delivered() || fate.isDelivered();
			if (burst.events() > 1) {
				return new Burst(burst.events() - 1, delivered);
			}
			facts.publish(new RoomFact(room, delivered ? RoomFact.State.DELIVERED : RoomFact.State.SETTLED,
					clock.instant(), pod));
			return null;
		});
	}

	@Override
	public boolean isHeld(long roomId) {
		return ledger.isHeld(roomId);
	}

	@Override
	public Optional<Instant> lastDelivered(long roomId) {
		return ledger.lastDelivered(roomId);
	}

	@Override
	public boolean isBusy(long roomId, Duration window) {
		return ledger.isBusy(roomId, window);
	}

	private record Burst(int events, boolean delivered) {
	}

}
