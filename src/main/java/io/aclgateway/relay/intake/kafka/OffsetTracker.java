package io.aclgateway.relay.intake.kafka;

import java.util.OptionalLong;
import java.util.TreeSet;

/**
 * One partition's offsets between read and acknowledged: the position that may be
 * committed is the lowest offset not yet done, so completions in any order never commit
 * past a record whose messages the queue has not acknowledged.
 */
final class OffsetTracker {

	private final TreeSet<Long> open = new TreeSet<>();

	/** The offset after the last one read; -1 before any. */
	private long next = -1;

	/** The position last committed (or found committed); -1 before any. */
	private long committed = -1;

	/** A record was read; offsets come in increasing order (gaps allowed). */
	void read(long offset) {
		if (offset < next) {
			throw new IllegalArgumentException("offset " + offset + " read after " + (next - 1));
		}
		open.add(offset);
		next = offset + 1;
	}

	/** Every message of the record at this offset is on the queue (or needs none). */
	void done(long offset) {
		open.remove(offset);
	}

	/** The position to commit, if it is beyond the last one committed. */
	OptionalLong committable() {
		if (next < 0) {
			return OptionalLong.empty();
		}
		long position = open.isEmpty() ? next : open.first();
		return (position > committed) ? OptionalLong.of(position) : OptionalLong.empty();
	}

	void committed(long position) {
		committed = Math.max(committed, position);
	}

	/** The position last committed, -1 before any. */
	long committedPosition() {
		return committed;
	}

	/** Records read and not yet done. */
	int open() {
		return open.size();
	}

}
