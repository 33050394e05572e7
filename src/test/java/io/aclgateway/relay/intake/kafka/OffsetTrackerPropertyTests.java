package io.aclgateway.relay.intake.kafka;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.OptionalLong;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

/**
 * Whatever the order in which records are acknowledged, the committed position never
 * passes a record that is not done, and reaches the end once all are.
 */
class OffsetTrackerPropertyTests {

	@Test
	void completionsInAnyOrderNeverCommitPastAGap() {
		qt().forAll(integers().between(1, 60), longs().between(0, 1_000_000), longs().all())
			.checkAssert((count, first, seed) -> {
				Random random = new Random(seed);
				List<Long> offsets = new ArrayList<>();
				long offset = first;
				for (int i = 0; i < count; i++) {
					offsets.add(offset);
					// Compaction and transaction markers leave gaps in a partition's
					// offsets.
					offset += 1 + random.nextInt(3);
				}
				OffsetTracker tracker = new OffsetTracker();
				offsets.forEach(tracker::read);
				List<Long> order = new ArrayList<>(offsets);
				Collections.shuffle(order, random);
				List<Long> notDone = new ArrayList<>(offsets);
				long committed = -1;
				for (Long done : order) {
					tracker.done(done);
					notDone.remove(done);
					OptionalLong position = tracker.committable();
					if (position.isPresent()) {
						assertThat(position.getAsLong()).isGreaterThan(committed);
						committed = position.getAsLong();
						tracker.committed(committed);
					}
					long limit = committed;
					assertThat(notDone).as("records not done stay at or after the committed position")
						.allSatisfy(open -> assertThat(open).isGreaterThanOrEqualTo(limit));
				}
				assertThat(committed).as("all done: committed past the last record")
					.isEqualTo(offsets.get(offsets.size() - 1) + 1);
				assertThat(tracker.open()).isZero();
			});
	}

	@Test
	void nothingIsCommittableBeforeAnyRecordNorTwice() {
		OffsetTracker tracker = new OffsetTracker();
		assertThat(tracker.committable()).isEmpty();
		tracker.read(5);
		assertThat(tracker.committable()).hasValue(5);
		tracker.committed(5);
		assertThat(tracker.committable()).isEmpty();
		tracker.done(5);
		assertThat(tracker.committable()).hasValue(6);
	}

}
