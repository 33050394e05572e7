package io.aclgateway.shadow;

import java.nio.charset.StandardCharsets;

import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A body's bounded copy: what passes is copied and left unread, and never more than the
 * budget.
 */
class BoundedCopyTests {

	@Test
	void copiesWhatPassesWithoutConsumingIt() {
		BoundedCopy copy = new BoundedCopy(10);
		DataBuffer first = DefaultDataBufferFactory.sharedInstance.wrap("hello".getBytes(StandardCharsets.UTF_8));
		copy.add(first);
		copy.add(Unpooled.wrappedBuffer(" you".getBytes(StandardCharsets.UTF_8)));
		copy.completed();
		assertThat(first.readableByteCount()).as("the buffer goes on unread").isEqualTo(5);
		assertThat(new String(copy.toByteArray(), StandardCharsets.UTF_8)).isEqualTo("hello you");
		assertThat(copy.overBudget()).isFalse();
		assertThat(copy.isComplete()).isTrue();
	}

	@Test
	void stopsForGoodPastTheBudget() {
		BoundedCopy copy = new BoundedCopy(8);
		assertThat(copy.add(Unpooled.wrappedBuffer(new byte[6]))).isTrue();
		assertThat(copy.add(Unpooled.wrappedBuffer(new byte[3]))).isFalse();
		copy.add(DefaultDataBufferFactory.sharedInstance.wrap(new byte[1]));
		assertThat(copy.overBudget()).isTrue();
		assertThat(copy.toByteArray()).isEmpty();
	}

	@Test
	void exactlyTheBudgetFits() {
		BoundedCopy copy = new BoundedCopy(20_000);
		for (int i = 0; i < 4; i++) {
			copy.add(DefaultDataBufferFactory.sharedInstance.wrap(new byte[5_000]));
		}
		assertThat(copy.overBudget()).isFalse();
		assertThat(copy.toByteArray()).hasSize(20_000);
	}

}
