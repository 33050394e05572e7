package io.aclgateway.relay.delivery.sqs;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

import io.aclgateway.relay.contract.EventMeta;
import io.aclgateway.relay.contract.EventProblem;
import io.aclgateway.relay.contract.FalconEvent;
import io.aclgateway.relay.contract.FalconEvent.MessageDeleted;
import io.aclgateway.relay.contract.FalconEvent.MessagePosted;
import io.aclgateway.relay.contract.FalconEvent.RoomDeleted;
import io.aclgateway.relay.contract.FalconEvent.TaskCreated;
import io.aclgateway.relay.translation.LegacyMessage;
import io.aclgateway.relay.translation.LegacyTranslator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How a legacy message rides on SQS (events.md 3.1 to 3.3): the FIFO group id, the
 * deduplication id, the string attributes, and the size SQS counts, which the consumers'
 * limit is held to.
 */
class SqsMessagesTests {

	private static final long TS = 1_741_944_413L;

	private static final long MAX = Long.MAX_VALUE;

	private static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

	private static final String ALLOWED_PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";

	private final LegacyTranslator translator = new LegacyTranslator();

	// ---- group ids ----

	@ParameterizedTest(name = "[{index}] {0}")
	@MethodSource("io.aclgateway.relay.translation.LegacyTranslatorTests#everyRowOfTheTable")
	void groupsEachMessageByItsRoomIdAsDecimalText(String row, FalconEvent event, List<String> bodies) {
		assertThat(translator.translate(event)).extracting(SqsMessages::groupId).containsOnly("10");
	}

	@Test
	void groupsByTheInt64MaximumRoomIdAsDecimalText() {
		assertThat(SqsMessages.groupId(translator.translate(new RoomDeleted(meta("room.deleted"), MAX, 20)).get(0)))
			.isEqualTo("9223372036854775807");
	}

	// ---- deduplication ids ----

	@ParameterizedTest(name = "[{index}] {0}")
	@CsvSource(delimiter = '|', textBlock = """
			a 128-character eid of letters is kept | 128a
			a 129-character eid is hashed          | 129a
			an eid with a space is hashed          | evt 1
			an eid with a non-ASCII letter is hashed | \u00e9vt-1
			an eid with a euro sign is hashed      | \u20ac
			an eid with a tab is hashed            | evt\t1
			a uuid is kept                         | 0e7c9a1b-5d3f-4a2e-8b6c-000000000001
			""")
	void usesTheEidAsDeduplicationIdOnlyWhenSqsAcceptsItElseItsSha256(String description, String eid) {
		String actual = eid.equals("128a") ? "a".repeat(128) : eid.equals("129a") ? "a".repeat(129) : eid;
		String expected = Map
			.of("129a", "c12cb024a2e5551cca0e08fce8f1c5e314555cc3fef6329ee994a3db752166ae", "evt 1",
					"792593d1af2cab13b17ac05818bca706a78e4b8e30c5c3c52c7d3ebce3391ab5", "\u00e9vt-1",
					"679262db3b6d7319a009cdee88f7eeddda4e120eabac1ba590536fc4bfe2ae6b", "\u20ac",
					"c4cc90ed3d26f12d4b08a75140970a7904035c31cbb4515a83f19b9003c00d1d", "evt\t1",
					"939af641ceeb038763cf32c107e476fdc1d2168e18c3d00006e591040eb0e6ab")
			.getOrDefault(eid, actual);
		LegacyMessage message = translator
			.translate(new MessageDeleted(
					new EventMeta(actual, "/falcon/write-api", "falcon.message.deleted.v1", TS, null), 10, 30, 20))
			.get(0);
		assertThat(message.eid()).isEqualTo(actual);
		assertThat(SqsMessages.deduplicationId(message)).isEqualTo(expected);
	}

	@Test
	void keepsAnEidMadeOfEveryAllowedCharacter() {
		String letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
		String eid = letters + ALLOWED_PUNCTUATION;
		assertThat(eid).hasSize(94);
		assertThat(SqsMessages.deduplicationId(message(eid))).isEqualTo(eid);
		for (char c : ALLOWED_PUNCTUATION.toCharArray()) {
			String one = "evt" + c + "1";
			assertThat(SqsMessages.deduplicationId(message(one))).as(one).isEqualTo(one);
		}
	}

	@Test
	void hashesAnEidWithAnyAsciiCharacterOutsideTheAllowedSet() {
		for (char c = 0; c < 128; c++) {
			boolean allowed = Character.isLetterOrDigit(c) || ALLOWED_PUNCTUATION.indexOf(c) >= 0;
			String eid = "evt" + c + "1";
			assertThat(SqsMessages.deduplicationId(message(eid))).as("U+%04X", (int) c)
				.isEqualTo(allowed ? eid : sha256Hex(eid));
		}
	}

	@ParameterizedTest(name = "[{index}] an event id of {0} characters with {1} assignees: #n hashed from n = {2}")
	@CsvSource({ "126, 10, 10", "127, 1, 1", "126, 9, 0", "125, 100, 100" })
	void hashesAFanOutEidOnlyWhenTheHashSuffixTakesItOver128Characters(int idLength, int assignees, int firstHashed) {
		String id = "t".repeat(idLength);
		List<Long> to = LongStream.rangeClosed(1, assignees).boxed().toList();
		List<LegacyMessage> messages = translator
			.translate(new TaskCreated(new EventMeta(id, "/falcon/write-api", "falcon.task.created.v1", TS, null), 10,
					40, 20, to, "x", null, null));
		for (int n = 1; n <= assignees; n++) {
			String eid = id + "#" + n;
			boolean hashed = firstHashed != 0 && n >= firstHashed;
			assertThat(messages.get(n - 1).eid()).isEqualTo(eid);
			assertThat(SqsMessages.deduplicationId(messages.get(n - 1))).as(eid)
				.isEqualTo(hashed ? sha256Hex(eid) : eid);
		}
		if (idLength == 127) {
			assertThat(SqsMessages.deduplicationId(messages.get(0))).isEqualTo(sha256Hex("t".repeat(127) + "#1"))
				.matches("[0-9a-f]{64}");
		}
	}

	@Test
	void hashesA129CharacterFanOutEidToTheKnownSha256() {
		LegacyMessage message = translator
			.translate(new TaskCreated(
					new EventMeta("e".repeat(127), "/falcon/write-api", "falcon.task.created.v1", TS, null), 10, 40, 20,
					List.of(21L), "x", null, null))
			.get(0);
		assertThat(message.eid()).isEqualTo("e".repeat(127) + "#1");
		assertThat(SqsMessages.deduplicationId(message))
			.isEqualTo("597fa48c6195589db3cb9bc7b1eb66101266a6c2c21db2b63f8fb17676a967ec");
	}

	// ---- size ----

	@Test
	void countsTheSizeAsBodyBytesPlusEachAttributesNameTypeAndValueInUtf8() {
		// body: 121 bytes (日本語 is 9 bytes, the emoji 4);
		// cmd: 3 + 6 + 8; eid: 3 + 6 + 5; traceparent: 11 + 6 + 55
		MessagePosted posted = new MessagePosted(meta("message.posted"), 10, 30, 20, "日本語😀");
		LegacyMessage without = translator.translate(posted).get(0);
		assertThat(without.body().getBytes(StandardCharsets.UTF_8)).hasSize(121);
		assertThat(SqsMessages.sizeInBytes(without)).isEqualTo(121 + 17 + 14);
		LegacyMessage with = translator
			.translate(new MessagePosted(meta("message.posted", TRACEPARENT), 10, 30, 20, "日本語😀"))
			.get(0);
		assertThat(SqsMessages.sizeInBytes(with)).isEqualTo(121 + 17 + 14 + 72);
	}

	@Test
	void countsAttributeValuesInUtf8Bytes() {
		String eid = "évt-1😀"; // 6 characters, 7 UTF-16 units, 10 UTF-8 bytes
		LegacyMessage message = new LegacyMessage("chat_add", eid, 10, "{}", Map.of("cmd", "chat_add", "eid", eid));
		assertThat(SqsMessages.sizeInBytes(message)).isEqualTo(2 + (3 + 6 + 8) + (3 + 6 + 10));
	}

	@ParameterizedTest(name = "[{index}] {0}")
	@MethodSource("io.aclgateway.relay.translation.LegacyTranslatorTests#everyRowOfTheTable")
	void countsTheSizeOfEveryMessageAsSqsDoes(String row, FalconEvent event, List<String> bodies) {
		List<LegacyMessage> messages = translator.translate(event);
		for (int i = 0; i < messages.size(); i++) {
			LegacyMessage message = messages.get(i);
			int attributes = ("cmd" + "String" + message.cmd()).length() + ("eid" + "String" + message.eid()).length();
			assertThat(SqsMessages.sizeInBytes(message))
				.isEqualTo(bodies.get(i).getBytes(StandardCharsets.UTF_8).length + attributes);
		}
	}

	@Test
	void groupsAndDeduplicatesEachMessageOfAFanOutByItsRoomAndItsOwnEid() {
		List<Long> assignees = LongStream.rangeClosed(1, 100).map(n -> 1_000 - n).boxed().toList();
		List<LegacyMessage> messages = translator
			.translate(new TaskCreated(meta("task.created"), 10, 40, 20, assignees, "Do it", null, 30L));
		for (int n = 1; n <= 100; n++) {
			assertThat(SqsMessages.deduplicationId(messages.get(n - 1))).isEqualTo("evt-1#" + n);
			assertThat(SqsMessages.groupId(messages.get(n - 1))).isEqualTo("10");
		}
	}

	// ---- attributes ----

	@Test
	void sendsEveryAttributeAsAnSqsStringAttribute() {
		LegacyMessage message = translator
			.translate(new MessagePosted(meta("message.posted", TRACEPARENT), 10, 30, 20, "x"))
			.get(0);
		assertThat(SqsMessages.attributes(message)).containsOnly(
				Map.entry("cmd", MessageAttributeValue.builder().dataType("String").stringValue("chat_add").build()),
				Map.entry("eid", MessageAttributeValue.builder().dataType("String").stringValue("evt-1").build()),
				Map.entry("traceparent",
						MessageAttributeValue.builder().dataType("String").stringValue(TRACEPARENT).build()));
	}

	// ---- the consumers' size limit ----

	@Test
	void passesAMessageOfExactlyTheLimitAndRefusesOneByteMoreAsMessageTooLarge() {
		LegacyMessage message = translator.translate(new MessagePosted(meta("message.posted"), 10, 30, 20, "x")).get(0);
		int size = SqsMessages.sizeInBytes(message);

		assertThat(new SqsMessageSize(size).problem(message)).isEmpty();
		assertThat(new SqsMessageSize(size - 1).problem(message))
			.contains(new EventProblem(EventProblem.MESSAGE_TOO_LARGE, "The legacy message evt-1 would be " + size
					+ " bytes, more than the consumers' limit of " + (size - 1)));
	}

	// ---- helpers ----

	private static EventMeta meta(String type) {
		return meta(type, null);
	}

	private static EventMeta meta(String type, @Nullable String traceparent) {
		return new EventMeta("evt-1", "/falcon/write-api", "falcon." + type + ".v1", TS, traceparent);
	}

	private LegacyMessage message(String eid) {
		return translator
			.translate(new RoomDeleted(new EventMeta(eid, "/falcon/write-api", "falcon.room.deleted.v1", TS, null), 10,
					20))
			.get(0);
	}

	private static String sha256Hex(String text) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
