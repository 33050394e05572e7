package io.aclgateway.relay.intake.kafka.state;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * What the relay delivered in one room (docs/design/relay-state.md 4.1), and the one
 * question asked of it: was this record delivered before?
 *
 * @param seq the highest {@code roomseq} delivered, if any event of the room had one
 * @param offset the source offset of the room's last record delivered (or found a
 * duplicate); -1 before any
 * @param topicId the source topic's id the offset belongs to
 * @param at when the room's last record was done
 * @param ids the hashed ids of recent events without {@code roomseq}, oldest first
 */
public record RoomState(@Nullable Long seq, long offset, @Nullable String topicId, @Nullable Instant at,
		List<RecentId> ids) {

	/** A room the relay knows nothing about. */
	public static final RoomState NONE = new RoomState(null, -1, null, null, List.of());

	public RoomState {
		ids = List.copyOf(ids);
	}

	/**
	 * One recent event id.
	 *
	 * @param hash the id's hash ({@link LogEntry#hash(String)})
	 * @param offset the source offset the event was read at
	 */
	public record RecentId(String hash, long offset) {
	}

	/**
	 * Delivered before: its {@code roomseq} is at most the room's, or its offset at most
	 * the room's last in the same topic, or its id is among the room's recent ids.
	 */
	public boolean isDuplicate(LogEntry entry) {
		Long entrySeq = entry.seq();
		if (entrySeq != null && seq != null && entrySeq <= seq) {
			return true;
		}
		if (entry.topicId().equals(topicId) && entry.offset() <= offset) {
			return true;
		}
		return entry.idHash() != null && ids.stream().anyMatch(id -> id.hash().equals(entry.idHash()));
	}

	/**
	 * The room's state once the record is done (delivered, or found a duplicate): the
	 * highest {@code roomseq}, the record's offset (a new topic id starts over), its id
	 * if it has no {@code roomseq}, at most {@code maxIds} ids (the oldest go).
	 */
	public RoomState after(LogEntry entry, Instant now, int maxIds) {
		Long entrySeq = entry.seq();
		Long nextSeq = seq;
		if (entrySeq != null) {
			nextSeq = (seq == null) ? entrySeq : Long.valueOf(Math.max(seq, entrySeq));
		}
		boolean sameTopic = entry.topicId().equals(topicId);
		long nextOffset = sameTopic ? Math.max(offset, entry.offset()) : entry.offset();
		List<RecentId> nextIds = new ArrayList<>(ids);
		String hash = entry.idHash();
		if (entry.seq() == null && hash != null && nextIds.stream().noneMatch(id -> id.hash().equals(hash))) {
			nextIds.add(new RecentId(hash, entry.offset()));
		}
		while (nextIds.size() > Math.max(0, maxIds)) {
			nextIds.remove(0);
		}
		return new RoomState(nextSeq, nextOffset, entry.topicId(), now, nextIds);
	}

	/**
	 * Whether this state, read after {@code earlier} for the same room, replaces it: not
	 * when it is an older write of the same topic (a former owner's late write, design
	 * 6.3).
	 */
	public boolean supersedes(RoomState earlier) {
		return !(Objects.equals(topicId, earlier.topicId) && offset < earlier.offset);
	}

}
