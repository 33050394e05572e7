package io.aclgateway.shadow;

import java.nio.ByteBuffer;
import java.util.Arrays;

import io.netty.buffer.ByteBuf;

import org.springframework.core.io.buffer.DataBuffer;

/**
 * A copy of the first bytes of a body, up to a budget: what passes through is copied,
 * never held, and past the budget copying stops for good. A body is written by one
 * publisher, so one thread at a time adds; it is read once the body has completed.
 */
final class BoundedCopy {

	private static final int FIRST_CAPACITY = 8 * 1024;

	private final int budget;

	private byte[] bytes = new byte[0];

	private int length;

	private boolean over;

	private boolean complete;

	BoundedCopy(int budget) {
		this.budget = budget;
	}

	/** A copy that is over its budget from the start (a declared length too large). */
	static BoundedCopy tooLarge() {
		BoundedCopy copy = new BoundedCopy(0);
		copy.over = true;
		return copy;
	}

	/** Copies what the buffer holds, leaving its read position where it was. */
	void add(DataBuffer buffer) {
		int readable = buffer.readableByteCount();
		if (!room(readable)) {
			return;
		}
		try (DataBuffer.ByteBufferIterator views = buffer.readableByteBuffers()) {
			while (views.hasNext()) {
				ByteBuffer view = views.next();
				int n = view.remaining();
				view.get(bytes, length, n);
				length += n;
			}
		}
	}

	/** Copies what the buffer holds; false once over the budget (stop reading). */
	boolean add(ByteBuf buffer) {
		int readable = buffer.readableBytes();
		if (!room(readable)) {
			return false;
		}
		buffer.getBytes(buffer.readerIndex(), bytes, length, readable);
		length += readable;
		return true;
	}

	private boolean room(int more) {
		if (over) {
			return false;
		}
		if ((long) length + more > budget) {
			over = true;
			// The copy so far is of no use any more: let it go at once.
			bytes = new byte[0];
			length = 0;
			return false;
		}
		if (length + more > bytes.length) {
			int capacity = Math.max(Math.min(budget, FIRST_CAPACITY), bytes.length);
			while (capacity < length + more) {
				capacity = (int) Math.min(budget, capacity * 2L);
			}
			bytes = Arrays.copyOf(bytes, capacity);
		}
		return true;
	}

	/** The body has ended: everything sent was seen. */
	void completed() {
		complete = true;
	}

	/** Stop copying: the body is not one to compare (a stream). */
	void giveUp() {
		over = true;
		bytes = new byte[0];
		length = 0;
	}

	boolean overBudget() {
		return over;
	}

	boolean isComplete() {
		return complete;
	}

	byte[] toByteArray() {
		return Arrays.copyOf(bytes, length);
	}

}
