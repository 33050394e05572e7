package io.aclgateway.relay.intake.kafka.state;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import io.aclgateway.relay.intake.kafka.state.RoomState.RecentId;
import io.aclgateway.relay.intake.kafka.state.RoomStateJson.UnreadableStateException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** The state record's JSON (docs/design/relay-state.md 4.1): round trip and versions. */
class RoomStateJsonTests {

	private static final RoomStateJson.Source SOURCE = new RoomStateJson.Source("falcon.events", "q7b3", 3);

	@Test
	void aStateReadsBackAsWritten() {
		RoomState state = new RoomState(1842L, 99120331, "q7b3", Instant.parse("2026-11-30T02:14:07.120Z"),
				List.of(new RecentId("k3J9x0QpZr1uVb2A", 98950112)));

		byte[] value = RoomStateJson.write("4711", SOURCE, state);

		assertThat(RoomStateJson.read(value)).isEqualTo(state);
		assertThat(JsonMapper.builder().build().readTree(value).toString()).isEqualTo("""
				{"v":1,"room":4711,"source":{"topic":"falcon.events","topicId":"q7b3","partition":3},\
				"delivered":{"seq":1842,"offset":99120331,"at":"2026-11-30T02:14:07.120Z","intake":"kafka"},\
				"ids":[{"h":"k3J9x0QpZr1uVb2A","o":98950112}]}""");
	}

	@Test
	void aRoomWithoutRoomseqReadsBackWithout() {
		RoomState state = new RoomState(null, 7, "q7b3", Instant.parse("2026-11-30T02:14:07Z"), List.of());

		assertThat(RoomStateJson.read(RoomStateJson.write("1", SOURCE, state))).isEqualTo(state);
	}

	@Test
	void membersItDoesNotKnowAreIgnored() {
		String newerMinor = """
				{"v":1,"room":1,"source":{"topicId":"q7b3"},"delivered":{"offset":7},
				 "held":{"eid":"x","reason":"invalid_data"},"somethingNew":true}""";

		assertThat(RoomStateJson.read(bytes(newerMinor)).offset()).isEqualTo(7);
	}

	@Test
	void aHigherVersionIsRefused() {
		String v2 = """
				{"v":2,"room":1,"source":{"topicId":"q7b3"},"delivered":{"offset":7}}""";

		assertThatExceptionOfType(UnreadableStateException.class).isThrownBy(() -> RoomStateJson.read(bytes(v2)))
			.withMessageContaining("v=2");
	}

	@Test
	void somethingElseIsRefused() {
		assertThatExceptionOfType(UnreadableStateException.class)
			.isThrownBy(() -> RoomStateJson.read(bytes("not json")));
		assertThatExceptionOfType(UnreadableStateException.class).isThrownBy(() -> RoomStateJson.read(bytes("[]")));
		assertThatExceptionOfType(UnreadableStateException.class)
			.isThrownBy(() -> RoomStateJson.read(bytes("{\"room\":1}")));
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
