package io.aclgateway.relay.intake.kafka.state;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The rooms of one source partition and what was delivered in each; used by the
 * partition's owner only (the intake's consumer thread).
 */
public final class RoomStates {

	private final Map<String, RoomState> rooms = new HashMap<>();

	private final int maxIds;

	/** Empty, keeping at most {@code maxIds} recent ids per room. */
	public RoomStates(int maxIds) {
		this.maxIds = maxIds;
	}

	/** Whether the room's record was delivered before. */
	public boolean isDuplicate(String room, LogEntry entry) {
		return state(room).isDuplicate(entry);
	}

	/** Records the room's record as done (delivered or a duplicate); its new state. */
	public RoomState done(String room, LogEntry entry, Instant now) {
		RoomState next = state(room).after(entry, now, maxIds);
		rooms.put(room, next);
		return next;
	}

	/** The room's state ({@link RoomState#NONE} if none). */
	public RoomState state(String room) {
		return rooms.getOrDefault(room, RoomState.NONE);
	}

	/**
	 * A state record read back from the state topic, in its order; null: a tombstone. An
	 * older write of the same topic read later does not replace a newer one.
	 */
	public void restored(String room, @Nullable RoomState state) {
		if (state == null) {
			rooms.remove(room);
			return;
		}
		RoomState known = rooms.get(room);
		if (known == null || state.supersedes(known)) {
			rooms.put(room, state);
		}
	}

	/** The rooms known. */
	public int size() {
		return rooms.size();
	}

}
