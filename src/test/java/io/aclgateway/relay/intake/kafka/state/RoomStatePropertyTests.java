package io.aclgateway.relay.intake.kafka.state;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

/**
 * The per-room decision (docs/design/relay-state.md 4, 6.1): whatever a room's history,
 * every record done before is a duplicate when read again (a group reset, a replay), and
 * a record not yet done never is.
 */
class RoomStatePropertyTests {

	private static final Instant NOW = Instant.parse("2026-11-30T05:00:00Z");

	private static final String TOPIC = "topic-id-1";

	@Test
	void everyRecordDoneIsADuplicateWhenReadAgainAndNoRecordNotYetDoneIs() {
		qt().forAll(integers().between(1, 80), integers().between(1, 300), longs().all())
			.checkAssert((count, maxIds, seed) -> {
				Random random = new Random(seed);
				List<LogEntry> log = log(count, random);
				int doneCount = random.nextInt(count + 1);
				RoomStates rooms = new RoomStates(maxIds);
				for (LogEntry entry : log.subList(0, doneCount)) {
					assertThat(rooms.isDuplicate("7", entry)).as("not done yet: %s", entry).isFalse();
					rooms.done("7", entry, NOW);
				}
				assertThat(log.subList(0, doneCount)).as("replayed from the start: each done record")
					.allSatisfy(entry -> assertThat(rooms.isDuplicate("7", entry)).isTrue());
				assertThat(log.subList(doneCount, count)).as("the records after the last done one")
					.allSatisfy(entry -> assertThat(rooms.isDuplicate("7", entry)).isFalse());
				assertThat(rooms.state("7").ids()).hasSizeLessThanOrEqualTo(maxIds);
				assertThat(rooms.isDuplicate("8", log.get(0))).as("another room knows nothing").isFalse();
			});
	}

	/**
	 * One room's records in offset order (gaps allowed), some with a strictly increasing
	 * roomseq (gaps allowed), some without; distinct ids.
	 */
	private static List<LogEntry> log(int count, Random random) {
		List<LogEntry> log = new ArrayList<>();
		long offset = random.nextInt(1000);
		long seq = random.nextInt(10);
		for (int i = 0; i < count; i++) {
			offset += 1 + random.nextInt(5);
			seq += 1 + random.nextInt(3);
			log.add(LogEntry.of(TOPIC, offset, random.nextBoolean() ? seq : null, "e-" + i));
		}
		return log;
	}

	@Test
	void aHigherRoomseqIsNewAndALowerOrEqualOneADuplicateWhateverTheOffset() {
		RoomState state = RoomState.NONE.after(LogEntry.of(TOPIC, 10, 5L, "a"), NOW, 256);

		assertThat(state.isDuplicate(LogEntry.of("other-topic", 99, 5L, "b"))).isTrue();
		assertThat(state.isDuplicate(LogEntry.of("other-topic", 99, 4L, "b"))).isTrue();
		assertThat(state.isDuplicate(LogEntry.of("other-topic", 1, 6L, "b"))).isFalse();
		assertThat(state.seq()).isEqualTo(5L);
		assertThat(state.ids()).as("events with roomseq need no id").isEmpty();
	}

	@Test
	void offsetsAreComparedOnlyWithinTheSameTopicId() {
		RoomState state = RoomState.NONE.after(LogEntry.of(TOPIC, 10, null, "a"), NOW, 256);

		assertThat(state.isDuplicate(LogEntry.of(TOPIC, 10, null, "b"))).isTrue();
		assertThat(state.isDuplicate(LogEntry.of(TOPIC, 3, null, "b"))).isTrue();
		assertThat(state.isDuplicate(LogEntry.of(TOPIC, 11, null, "b"))).isFalse();
		assertThat(state.isDuplicate(LogEntry.of("re-created", 3, null, "b")))
			.as("a re-created topic's offsets mean nothing here")
			.isFalse();
		assertThat(state.isDuplicate(LogEntry.of("re-created", 3, null, "a"))).as("but the event id is remembered")
			.isTrue();

		RoomState moved = state.after(LogEntry.of("re-created", 3, null, "c"), NOW, 256);
		assertThat(moved.topicId()).isEqualTo("re-created");
		assertThat(moved.offset()).as("a new topic id starts the offsets over").isEqualTo(3);
	}

	@Test
	void theIdsAreBoundedTheOldestGoFirst() {
		RoomState state = RoomState.NONE;
		for (int i = 0; i < 5; i++) {
			state = state.after(LogEntry.of(TOPIC, i, null, "e-" + i), NOW, 3);
		}

		assertThat(state.ids()).extracting(RoomState.RecentId::hash)
			.containsExactly(LogEntry.hash("e-2"), LogEntry.hash("e-3"), LogEntry.hash("e-4"));
		assertThat(state.isDuplicate(LogEntry.of("other", 0, null, "e-1"))).as("forgotten").isFalse();
		assertThat(state.isDuplicate(LogEntry.of("other", 0, null, "e-2"))).isTrue();
		assertThat(LogEntry.hash("e-2")).hasSize(16);
	}

	@Test
	void aLateOlderWriteOfTheSameTopicDoesNotReplaceANewerOne() {
		RoomStates rooms = new RoomStates(256);
		RoomState newer = RoomState.NONE.after(LogEntry.of(TOPIC, 20, null, "b"), NOW, 256);
		RoomState older = RoomState.NONE.after(LogEntry.of(TOPIC, 10, null, "a"), NOW, 256);

		rooms.restored("7", newer);
		rooms.restored("7", older);
		assertThat(rooms.state("7")).isEqualTo(newer);

		rooms.restored("7", null);
		assertThat(rooms.state("7")).as("a tombstone forgets the room").isEqualTo(RoomState.NONE);
	}

}
