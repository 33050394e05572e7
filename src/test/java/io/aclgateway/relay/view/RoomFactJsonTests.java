package io.aclgateway.relay.view;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A fact's value as design 7.2 has it; anything else on the topic is skipped. */
class RoomFactJsonTests {

	@Test
	void writesTheDesignsFormAndReadsItBack() {
		RoomFact fact = new RoomFact(123456789012L, RoomFact.State.DELIVERED, Instant.parse("2026-11-30T08:00:00.5Z"),
				"gw-1");

		byte[] value = RoomFactJson.write(fact);

		assertThat(new String(value, StandardCharsets.UTF_8)).isEqualTo(
				"{\"v\":1,\"room\":123456789012,\"state\":\"delivered\",\"at\":\"2026-11-30T08:00:00.500Z\",\"pod\":\"gw-1\"}");
		assertThat(RoomFactJson.read(value)).contains(fact);
	}

	@Test
	void skipsWhatItCannotRead() {
		assertThat(RoomFactJson.read(null)).isEmpty();
		assertThat(read("not json")).isEmpty();
		assertThat(read("{\"v\":2,\"room\":1,\"state\":\"pending\",\"at\":\"2026-11-30T08:00:00Z\",\"pod\":\"p\"}"))
			.isEmpty();
		assertThat(read("{\"v\":1,\"room\":\"1\",\"state\":\"pending\",\"at\":\"2026-11-30T08:00:00Z\",\"pod\":\"p\"}"))
			.isEmpty();
		assertThat(read("{\"v\":1,\"room\":1,\"state\":\"held\",\"at\":\"2026-11-30T08:00:00Z\",\"pod\":\"p\"}"))
			.isEmpty();
		assertThat(read("{\"v\":1,\"room\":1,\"state\":\"pending\",\"at\":\"yesterday\",\"pod\":\"p\"}")).isEmpty();
		assertThat(read(
				"{\"v\":1,\"room\":1,\"state\":\"pending\",\"at\":\"2026-11-30T08:00:00Z\",\"pod\":\"p\",\"eid\":\"e\"}"))
			.contains(new RoomFact(1, RoomFact.State.PENDING, Instant.parse("2026-11-30T08:00:00Z"), "p"));
	}

	private static java.util.Optional<RoomFact> read(String value) {
		return RoomFactJson.read(value.getBytes(StandardCharsets.UTF_8));
	}

}
