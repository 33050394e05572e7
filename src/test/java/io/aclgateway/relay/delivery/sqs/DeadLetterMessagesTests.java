package io.aclgateway.relay.delivery.sqs;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.aclgateway.relay.core.DeadLetter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dead letter's body and attributes (docs/design/relay-state.md 6.5): valid for
 * contracts/schemas/relay/dead-letter.schema.json, the detail cut, the original as JSON
 * or base64, left out when the message would not fit, attributes without unusable values.
 */
class DeadLetterMessagesTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final int LIMIT = 262144;

	@Test
	void aJsonValueIsCarriedAsJsonWithTheHeadersAndWhereTheRecordWasRead() {
		DeadLetter letter = letter("invalid_data", "data.body: must not be empty", "01JD", 4711L, "4711",
				"{\"roomId\":\"4711\",\"body\":\"\"}");

		String body = DeadLetterMessages.body(letter, LIMIT);

		assertThat(DeadLetterSchema.errors(body)).isEmpty();
		JsonNode node = json.readTree(body);
		assertThat(node.get("reason").asString()).isEqualTo("invalid_data");
		assertThat(node.get("eid").asString()).isEqualTo("01JD");
		assertThat(node.get("rid").asLong()).isEqualTo(4711);
		assertThat(node.at("/source/topic").asString()).isEqualTo("falcon.events");
		assertThat(node.at("/source/partition").asInt()).isEqualTo(3);
		assertThat(node.at("/source/offset").asLong()).isEqualTo(99120332);
		assertThat(node.at("/source/timestamp").asString()).isEqualTo("2026-11-30T02:14:09.001Z");
		assertThat(node.at("/source/parkedKey").asString()).isEqualTo("4711:99120332");
		assertThat(node.at("/original/headers/ce_type").asString()).isEqualTo("falcon.message.posted.v1");
		assertThat(node.at("/original/value/roomId").asString()).isEqualTo("4711");
		assertThat(node.has("originalOmitted")).isFalse();
	}

	@Test
	void aValueThatIsNotJsonIsCarriedInBase64() {
		byte[] value = { (byte) 0xff, 0x00, 'x' };
		DeadLetter letter = new DeadLetter("invalid_cloudevent", "not JSON", null, null, source("4711"),
				new DeadLetter.Original(Map.of(), value));

		String body = DeadLetterMessages.body(letter, LIMIT);

		assertThat(DeadLetterSchema.errors(body)).isEmpty();
		JsonNode original = json.readTree(body).get("original");
		assertThat(original.has("value")).isFalse();
		assertThat(Base64.getDecoder().decode(original.get("valueBase64").asString())).isEqualTo(value);
		assertThat(
				DeadLetterMessages.body(letter("invalid_cloudevent", "x", null, null, "1", "not a cloud event"), LIMIT))
			.contains("\"valueBase64\":\""
					+ Base64.getEncoder().encodeToString("not a cloud event".getBytes(StandardCharsets.UTF_8)));
	}

	@Test
	void theDetailIsCutTo1024Characters() {
		DeadLetter letter = letter("invalid_data", "é".repeat(5000), "01JD", 1L, "1", "{}");

		assertThat(letter.detail()).hasSize(DeadLetter.MAX_DETAIL);
		assertThat(DeadLetterMessages.attributes(letter).get("detail")).hasSize(1024);
		String body = DeadLetterMessages.body(letter, LIMIT);
		assertThat(json.readTree(body).get("detail").asString()).hasSize(1024);
		assertThat(DeadLetterSchema.errors(body)).isEmpty();
	}

	@Test
	void aDeadLetterTooLargeForTheQueueSaysWhereTheOriginalIsInstead() {
		String big = "{\"body\":\"" + "x".repeat(300_000) + "\"}";
		DeadLetter letter = letter("message_too_large", "too large", "01JD", 4711L, "4711", big);

		String body = DeadLetterMessages.body(letter, LIMIT);

		assertThat(DeadLetterSchema.errors(body)).isEmpty();
		JsonNode node = json.readTree(body);
		assertThat(node.get("original").isNull()).isTrue();
		assertThat(node.get("originalOmitted").asString()).isEqualTo("too_large");
		assertThat(node.at("/source/offset").asLong()).isEqualTo(99120332);
		assertThat(DeadLetterMessages.sizeInBytes(body, DeadLetterMessages.attributes(letter))).isLessThan(LIMIT);
		// Just under the limit, the original stays.
		String fits = DeadLetterMessages.body(letter, LIMIT * 2);
		assertThat(json.readTree(fits).get("original").isNull()).isFalse();
	}

	@Test
	void attributesWithoutAUsableValueAreLeftOut() {
		DeadLetter letter = new DeadLetter("invalid_cloudevent", "", null, null, source(null),
				new DeadLetter.Original(Map.of(), null));

		assertThat(DeadLetterMessages.attributes(letter)).containsOnlyKeys("reason", "intake");
		assertThat(DeadLetterMessages.attributes(letter("invalid_data", "d", "e1", 7L, "7", "{}"))).containsExactly(
				Map.entry("reason", "invalid_data"), Map.entry("detail", "d"), Map.entry("eid", "e1"),
				Map.entry("rid", "7"), Map.entry("intake", "kafka"));
		String body = DeadLetterMessages.body(letter, LIMIT);
		assertThat(DeadLetterSchema.errors(body)).isEmpty();
		assertThat(json.readTree(body).at("/original/value").isNull()).isTrue();
	}

	@Test
	void theFifoIdsComeFromTheRoomAndTheEventOrTheRecord() {
		DeadLetter withId = letter("invalid_data", "d", "01JD", 4711L, "4711", "{}");
		DeadLetter withoutId = new DeadLetter("invalid_cloudevent", "d", null, null, source(null),
				new DeadLetter.Original(Map.of(), null));

		assertThat(DeadLetterMessages.deduplicationId(withId)).isEqualTo("01JD");
		assertThat(DeadLetterMessages.deduplicationId(withoutId)).hasSize(64)
			.isNotEqualTo(DeadLetterMessages.deduplicationId(new DeadLetter("invalid_cloudevent", "d", null, null,
					new DeadLetter.Source("kafka", "falcon.events", 3, 1, null, null, null),
					new DeadLetter.Original(Map.of(), null))));
		assertThat(DeadLetterMessages.deduplicationId(letter("invalid_data", "d", "id with spaces", 1L, "1", "{}")))
			.hasSize(64);
		assertThat(withId.groupId()).isEqualTo("4711");
		assertThat(letter("invalid_data", "d", null, null, "abc", "{}").groupId()).isEqualTo("abc");
		assertThat(withoutId.groupId()).isEqualTo("falcon.events-3");
	}

	private static DeadLetter letter(String reason, String detail, @Nullable String eid, @Nullable Long rid,
			@Nullable String key, String value) {
		return new DeadLetter(reason, detail, eid, rid, source(key),
				new DeadLetter.Original(
						Map.of("ce_type", "falcon.message.posted.v1", "content-type", "application/json"),
						value.getBytes(StandardCharsets.UTF_8)));
	}

	private static DeadLetter.Source source(@Nullable String key) {
		return new DeadLetter.Source("kafka", "falcon.events", 3, 99120332, Instant.parse("2026-11-30T02:14:09.001Z"),
				key, (key != null) ? key + ":99120332" : null);
	}

}
