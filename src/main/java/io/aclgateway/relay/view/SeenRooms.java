package io.aclgateway.relay.view;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

/**
 * The rooms the facts tell of, folded: per room, since when each replica has it pending
 * (until that replica's fact that ends it, or the pending expiry) and when it last had
 * something delivered. Written by one thread, read by any; rooms with nothing left to
 * tell are forgotten, so memory follows the rooms busy within the last minutes.
 */
final class SeenRooms {

	private final Duration pendingExpiry;

	private final Duration rememberDeliveries;

	private final Map<Long, Seen> rooms = new ConcurrentHashMap<>();

	SeenRooms(Duration pendingExpiry, Duration rememberDeliveries) {
		this.pendingExpiry = pendingExpiry;
		this.rememberDeliveries = rememberDeliveries;
	}

	void apply(RoomFact fact) {
		rooms.compute(fact.room(), (room, seen) -> {
			Map<String, Instant> pending = new HashMap<>((seen != null) ? seen.pending() : Map.of());
			Instant delivered = (seen != null) ? seen.delivered() : null;
			switch (fact.state()) {
				case PENDING -> pending.put(fact.pod(), fact.at());
				case SETTLED -> pending.remove(fact.pod());
				case DELIVERED -> {
					pending.remove(fact.pod());
					delivered = (delivered == null || fact.at().isAfter(delivered)) ? fact.at() : delivered;
				}
			}
			return (pending.isEmpty() && delivered == null) ? null : new Seen(Map.copyOf(pending), delivered);
		});
	}

	/**
	 * Whether some replica has the room pending (not longer than the expiry), or had
	 * something of it delivered less than {@code window} before {@code now}.
	 */
	boolean isBusy(long roomId, Duration window, Instant now) {
		Seen seen = rooms.get(roomId);
		if (seen == null) {
			return false;
		}
		Instant expired = now.minus(pendingExpiry);
		if (seen.pending().values().stream().anyMatch(since -> since.isAfter(expired))) {
			return true;
		}
		return seen.delivered() != null && !seen.delivered().isBefore(now.minus(window));
	}

	/** Drops what can no longer make a room busy. */
	void forget(Instant now) {
		Instant expired = now.minus(pendingExpiry);
		Instant forgotten = now.minus(rememberDeliveries);
		rooms.replaceAll((room, seen) -> {
			Map<String, Instant> pending = new HashMap<>(seen.pending());
			pending.values().removeIf(since -> !since.isAfter(expired));
			Instant delivered = (seen.delivered() != null && seen.delivered().isBefore(forgotten)) ? null
					: seen.delivered();
			return (pending.size() == seen.pending().size() && delivered == seen.delivered()) ? seen
					: new Seen(Map.copyOf(pending), delivered);
		});
		rooms.values().removeIf(seen -> seen.pending().isEmpty() && seen.delivered() == null);
	}

	int size() {
		return rooms.size();
	}

	private record Seen(Map<String, Instant> pending, @Nullable Instant delivered) {
	}

}
