package io.aclgateway.relay.intake.kafka;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** The record key must be the event's room; roomseq is a decimal int64. */
class RecordRoomTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Test
	void theKeyMustBeTheEventsRoom() {
		JsonNode event = JSON.readTree("{\"data\":{\"roomId\":\"42\"}}");

		assertThat(RecordRoom.keyProblem("42", event)).isNull();
		assertThat(RecordRoom.keyProblem("43", event).code()).isEqualTo("key_mismatch");
		assertThat(RecordRoom.keyProblem("43", event).detail()).contains("'43'").contains("room 42");
		assertThat(RecordRoom.keyProblem(null, event).detail()).contains("no key");
		assertThat(RecordRoom.keyProblem("43", JSON.readTree("{\"data\":{}}"))).as("no readable room: validation tells")
			.isNull();
	}

	@Test
	void aBadRoomseqIsAnInvalidCloudEventBeforeTheKeyIsLookedAt() {
		JsonNode event = JSON.readTree("{\"roomseq\":\"x\",\"data\":{\"roomId\":\"42\"}}");

		assertThat(RecordRoom.problem("43", event).code()).isEqualTo("invalid_cloudevent");
		assertThat(RecordRoom.problem("42", JSON.readTree("{\"roomseq\":\"7\",\"data\":{\"roomId\":\"42\"}}")))
			.isNull();
		assertThat(RecordRoom.problem("43", JSON.readTree("{\"data\":{\"roomId\":\"42\"}}")).code())
			.isEqualTo("key_mismatch");
	}

	@Test
	void roomseqIsADecimalInt64() {
		assertThat(RecordRoom.roomSeq(JSON.readTree("{}"))).isNull();
		assertThat(RecordRoom.roomSeq(JSON.readTree("{\"roomseq\":\"1842\"}"))).isEqualTo(1842L);
		assertThat(RecordRoom.roomSeq(JSON.readTree("{\"roomseq\":1842}"))).isEqualTo(1842L);
		assertThatIllegalArgumentException().isThrownBy(() -> RecordRoom.roomSeq(JSON.readTree("{\"roomseq\":\"x\"}")))
			.withMessageContaining("decimal int64");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> RecordRoom.roomSeq(JSON.readTree("{\"roomseq\":\"99999999999999999999\"}")));
		assertThatIllegalArgumentException().isThrownBy(() -> RecordRoom.roomSeq(JSON.readTree("{\"roomseq\":-1}")));
	}

}
