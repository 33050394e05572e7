package io.aclgateway.relay.contract;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import io.aclgateway.relay.contract.FalconEvent.Member;
import io.aclgateway.relay.contract.FalconEvent.MemberAdded;
import io.aclgateway.relay.contract.FalconEvent.MemberRemoved;
import io.aclgateway.relay.contract.FalconEvent.MessageDeleted;
import io.aclgateway.relay.contract.FalconEvent.MessageEdited;
import io.aclgateway.relay.contract.FalconEvent.MessagePosted;
import io.aclgateway.relay.contract.FalconEvent.ReadAdvanced;
import io.aclgateway.relay.contract.FalconEvent.RoomCreated;
import io.aclgateway.relay.contract.FalconEvent.RoomDeleted;
import io.aclgateway.relay.contract.FalconEvent.RoomUpdated;
import io.aclgateway.relay.contract.FalconEvent.TaskCompleted;
import io.aclgateway.relay.contract.FalconEvent.TaskCreated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Every validation rule of events.md section 2, each with the per-event code it gives.
 * Each case starts from a valid event of a type and changes one thing in it, written as a
 * JSON pointer and the JSON text put there ({@code -} removes the member).
 */
class FalconEventReaderTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

	private static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

	/** 2025-03-14T09:26:53Z, the time of every base event. */
	private static final long TIME = 1_741_944_413L;

	/** 2025-04-01T18:00:00.750+09:00, the base task's due date. */
	private static final long DUE = 1_743_498_000L;

	/**
	 * The data of a valid event of each type, by its short name (the type without
	 * {@code falcon.} and {@code .v1}).
	 */
	private static final Map<String, String> VALID_DATA = new LinkedHashMap<>();

	static {
		VALID_DATA.put("room.created", """
				{"roomId": "10", "kind": "group", "name": "Team", "description": "Our team", "creatorId": "20",
				 "members": [{"accountId": "20", "role": "admin"}, {"accountId": "21", "role": "member"},
				             {"accountId": "22", "role": "readonly"}]}""");
		VALID_DATA.put("room.updated",
				"""
						{"roomId": "10", "actorId": "20", "changes": {"name": "New name", "description": "New description"}}""");
		VALID_DATA.put("room.deleted", """
				{"roomId": "10", "actorId": "20"}""");
		VALID_DATA.put("member.added", """
				{"roomId": "10", "actorId": "20", "accountId": "21", "role": "member"}""");
		VALID_DATA.put("member.removed", """
				{"roomId": "10", "actorId": "20", "accountId": "21"}""");
		VALID_DATA.put("message.posted", """
				{"roomId": "10", "messageId": "30", "authorId": "20", "body": "Hello"}""");
		VALID_DATA.put("message.edited", """
				{"roomId": "10", "messageId": "30", "editorId": "20", "body": "Hello again"}""");
		VALID_DATA.put("message.deleted", """
				{"roomId": "10", "messageId": "30", "actorId": "20"}""");
		VALID_DATA.put("task.created", """
				{"roomId": "10", "taskId": "40", "creatorId": "20", "assigneeIds": ["21", "22"], "body": "Do it",
				 "dueAt": "2025-04-01T18:00:00.750+09:00", "messageId": "30"}""");
		VALID_DATA.put("task.completed", """
				{"roomId": "10", "taskId": "40", "accountId": "21"}""");
		VALID_DATA.put("read.advanced", """
				{"roomId": "10", "accountId": "21", "lastReadMessageId": "30"}""");
	}

	/** Fields of {@link #VALID_DATA} that events.md marks optional ({@code ?}). */
	private static final List<String> OPTIONAL_FIELDS = List.of("room.created/description", "task.created/messageId");

	private final FalconEventReader reader = new FalconEventReader();

	// ---- one valid event of each type ----

	static Stream<Arguments> validEventOfEachType() {
		return Stream.of(
				arguments("room.created",
						new RoomCreated(meta("room.created"), 10, RoomKind.GROUP, "Team", "Our team", 20,
								List.of(new Member(20, Role.ADMIN), new Member(21, Role.MEMBER),
										new Member(22, Role.READONLY)))),
				arguments("room.updated", new RoomUpdated(meta("room.updated"), 10, 20, "New name", "New description")),
				arguments("room.deleted", new RoomDeleted(meta("room.deleted"), 10, 20)),
				arguments("member.added", new MemberAdded(meta("member.added"), 10, 20, 21, Role.MEMBER)),
				arguments("member.removed", new MemberRemoved(meta("member.removed"), 10, 20, 21)),
				arguments("message.posted", new MessagePosted(meta("message.posted"), 10, 30, 20, "Hello")),
				arguments("message.edited", new MessageEdited(meta("message.edited"), 10, 30, 20, "Hello again")),
				arguments("message.deleted", new MessageDeleted(meta("message.deleted"), 10, 30, 20)),
				arguments("task.created",
						new TaskCreated(meta("task.created"), 10, 40, 20, List.of(21L, 22L), "Do it", DUE, 30L)),
				arguments("task.completed", new TaskCompleted(meta("task.completed"), 10, 40, 21)),
				arguments("read.advanced", new ReadAdvanced(meta("read.advanced"), 10, 21, 30)));
	}

	@ParameterizedTest(name = "[{index}] falcon.{0}.v1 is read into {1}")
	@MethodSource("validEventOfEachType")
	void readsAValidEventOfEachTypeIntoItsRecordWithEveryValue(String type, FalconEvent expected) {
		FalconEvent event = reader.read(event(type));
		assertThat(event).isEqualTo(expected);
		assertThat(event.roomId()).isEqualTo(10);
	}

	@Test
	void theTableCoversEachOfTheElevenTypes() {
		assertThat(VALID_DATA).hasSize(11);
		assertThat(validEventOfEachType()).hasSize(11);
	}

	// ---- CloudEvents attributes ----

	@ParameterizedTest(name = "[{index}] {0} = {1} is {2}")
	@CsvSource(delimiter = '|', textBlock = """
			/specversion     | -                                  | invalid_cloudevent
			/specversion     | null                               | invalid_cloudevent
			/specversion     | "0.3"                              | invalid_cloudevent
			/specversion     | "1"                                | invalid_cloudevent
			/specversion     | "1.0.0"                            | invalid_cloudevent
			/specversion     | 1.0                                | invalid_cloudevent
			/id              | -                                  | invalid_cloudevent
			/id              | null                               | invalid_cloudevent
			/id              | ""                                 | invalid_cloudevent
			/id              | 42                                 | invalid_cloudevent
			/source          | -                                  | invalid_cloudevent
			/source          | null                               | invalid_cloudevent
			/source          | ""                                 | invalid_cloudevent
			/source          | "not a uri"                        | invalid_cloudevent
			/source          | "http://[falcon"                   | invalid_cloudevent
			/source          | "/falcon/%zz"                      | invalid_cloudevent
			/source          | "/falcon/é"                        | invalid_cloudevent
			/source          | 7                                  | invalid_cloudevent
			/type            | -                                  | invalid_cloudevent
			/type            | null                               | invalid_cloudevent
			/type            | ""                                 | invalid_cloudevent
			/type            | 1                                  | invalid_cloudevent
			/type            | "falcon.message.posted.v2"         | unknown_type
			/type            | "Falcon.message.posted.v1"         | unknown_type
			/type            | "falcon.message.posted"            | unknown_type
			/type            | "com.example.someevent"            | unknown_type
			/time            | -                                  | invalid_time
			/time            | null                               | invalid_time
			/time            | 1741944413                         | invalid_time
			/time            | ""                                 | invalid_time
			/time            | "2025-03-14T09:26:53"              | invalid_time
			/time            | "2025-03-14 09:26:53Z"             | invalid_time
			/time            | "2025-13-14T09:26:53Z"             | invalid_time
			/time            | "2025-02-30T09:26:53Z"             | invalid_time
			/time            | "2025-03-14"                       | invalid_time
			/time            | "2025-03-14T09:26:53+0900"         | invalid_time
			/time            | "1969-12-31T23:59:59.999Z"         | invalid_time
			/time            | "1970-01-01T08:59:59.9+09:00"      | invalid_time
			/time            | "0001-01-01T00:00:00Z"             | invalid_time
			/datacontenttype | "text/plain"                       | invalid_cloudevent
			/datacontenttype | "application/xml"                  | invalid_cloudevent
			/datacontenttype | "application/cloudevents+json"     | invalid_cloudevent
			/datacontenttype | ""                                 | invalid_cloudevent
			/datacontenttype | 1                                  | invalid_cloudevent
			/traceparent     | ""                                 | invalid_cloudevent
			/traceparent     | "00-4bf92f3577b34da6a3ce929d0e0e4736" | invalid_cloudevent
			/traceparent     | "00-4BF92F3577B34DA6A3CE929D0E0E4736-00F067AA0BA902B7-01" | invalid_cloudevent
			/traceparent     | "00-4bf92f3577b34da6a3ce929d0e0e473-00f067aa0ba902b7-01" | invalid_cloudevent
			/traceparent     | "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-x" | invalid_cloudevent
			/traceparent     | "00_4bf92f3577b34da6a3ce929d0e0e4736_00f067aa0ba902b7_01" | invalid_cloudevent
			/traceparent     | 1                                  | invalid_cloudevent
			/data            | -                                  | invalid_data
			/data            | null                               | invalid_data
			/data            | "{}"                               | invalid_data
			/data            | []                                 | invalid_data
			/data_base64     | "eyJyb29tSWQiOiAiMTAifQ=="         | invalid_cloudevent
			/data_base64     | ""                                 | invalid_cloudevent
			""")
	void refusesABrokenCloudEventAttributeWithItsCode(String pointer, String json, String code) {
		assertRefused(with(event("message.posted"), pointer, json), code);
	}

	@ParameterizedTest(name = "[{index}] {0}")
	@ValueSource(strings = { "[]", "\"event\"", "42", "null" })
	void refusesAnEventThatIsNotAJsonObjectAsInvalidCloudEvent(String json) {
		assertRefused(JSON.readTree(json), EventProblem.INVALID_CLOUDEVENT);
	}

	@Test
	void reportsAnUnknownTypeAsUnknownTypeEvenWithoutData() {
		ObjectNode event = with(event("message.posted"), "/type", "\"falcon.room.archived.v1\"");
		assertRefused(with(event, "/data", "-"), EventProblem.UNKNOWN_TYPE);
		assertRefused(with(event, "/data", "\"archived\""), EventProblem.UNKNOWN_TYPE);
	}

	@ParameterizedTest(name = "[{index}] {0} = {1} is accepted")
	@CsvSource(delimiter = '|', textBlock = """
			/id              | "1"
			/id              | "evt with spaces, / and ü"
			/source          | "/falcon/write-api"
			/source          | "https://falcon.example.com/write-api?x=1#f"
			/source          | "urn:falcon:write-api"
			/source          | "falcon"
			/datacontenttype | -
			/datacontenttype | null
			/datacontenttype | "application/json"
			/traceparent     | -
			/traceparent     | null
			/data_base64     | null
			""")
	void acceptsTheCloudEventAttributeValuesTheSpecAllows(String pointer, String json) {
		FalconEvent event = reader.read(with(event("message.posted"), pointer, json));
		assertThat(event).isInstanceOf(MessagePosted.class);
	}

	@Test
	void keepsTheEnvelopeAttributesInTheMeta() {
		EventMeta meta = reader.read(with(event("message.posted"), "/id", "\"evt-42\"")).meta();
		assertThat(meta)
			.isEqualTo(new EventMeta("evt-42", "/falcon/write-api", "falcon.message.posted.v1", TIME, TRACEPARENT));
	}

	@ParameterizedTest(name = "[{index}] traceparent {0}")
	@ValueSource(strings = { "-", "null" })
	void aMissingOrNullTraceparentLeavesTheMetaWithoutOne(String json) {
		assertThat(reader.read(with(event("message.posted"), "/traceparent", json)).meta().traceparent()).isNull();
	}

	@ParameterizedTest(name = "[{index}] time {0} is {1}")
	@CsvSource(delimiter = '|', textBlock = """
			2025-03-14T09:26:53Z                       | 1741944413
			2025-03-14t09:26:53z                       | 1741944413
			2025-03-14T09:26:53.999999999999Z          | 1741944413
			2025-03-14T09:26:53.5+00:00                | 1741944413
			2025-03-14T18:26:53.1+09:00                | 1741944413
			2025-03-14T03:56:53.999-05:30              | 1741944413
			1970-01-01T00:00:00Z                       | 0
			1970-01-01T09:00:00+09:00                  | 0
			1969-12-31T19:00:00.5-05:00                | 0
			""")
	void readsTheTimeAsUnixSecondsRoundedDownWhateverTheOffsetAndFractionFrom1970On(String time, long seconds) {
		ObjectNode event = with(event("message.posted"), "/time", NODES.stringNode(time));
		assertThat(reader.read(event).meta().time()).isEqualTo(seconds);
	}

	@Test
	void ignoresExtensionAttributesAndOptionalAttributesItDoesNotUse() {
		ObjectNode event = event("message.posted");
		event.put("comexampleextension1", "value");
		event.put("comexampleothervalue", 5);
		event.putObject("partitionkey").put("nested", true);
		event.put("subject", "room/10");
		event.put("dataschema", "https://falcon.example.com/schemas/message.posted.json");
		event.putNull("unsetextension");
		assertThat(reader.read(event)).isEqualTo(reader.read(event("message.posted")));
	}

	@Test
	void acceptsAnIdOf128CharactersAndRefuses129() {
		assertThat(reader.read(withText(event("message.posted"), "/id", "e".repeat(128))).meta().id())
			.isEqualTo("e".repeat(128));
		assertRefused(withText(event("message.posted"), "/id", "e".repeat(129)), EventProblem.INVALID_CLOUDEVENT);
	}

	@Test
	void countsTheIdInCharactersNotUtf16Units() {
		// 128 emoji are 256 UTF-16 units but 128 characters.
		String id = "😀".repeat(128);
		assertThat(reader.read(withText(event("message.posted"), "/id", id)).meta().id()).isEqualTo(id);
		assertRefused(withText(event("message.posted"), "/id", "😀".repeat(129)), EventProblem.INVALID_CLOUDEVENT);
	}

	@ParameterizedTest(name = "[{index}] an id holding the UTF-16 unit {0} (decimal)")
	@ValueSource(ints = { 0x0, 0x8, 0xB, 0xC, 0x1F, 0xFFFE, 0xFFFF, 0xD800, 0xDC00 })
	void refusesAnIdAQueueMessageAttributeCannotCarry(int unit) {
		// The id becomes the eid attribute of every legacy message; SQS refuses these
		// characters there.
		assertRefused(withText(event("message.posted"), "/id", "evt" + (char) unit + "1"),
				EventProblem.INVALID_CLOUDEVENT);
	}

	// ---- ids ----

	@ParameterizedTest(name = "[{index}] roomId {0} is refused")
	@ValueSource(strings = { "\"0\"", "\"00\"", "\"0123\"", "\"-5\"", "\"+5\"", "\" 1\"", "\"1 \"", "\"1e3\"",
			"\"1.0\"", "\"0x1F\"", "\"\"", "\"١٢\"", "\"１２\"", "\"9223372036854775808\"", "\"9999999999999999999\"",
			"\"10000000000000000000\"", "\"18446744073709551616\"", "123", "9223372036854775807", "1.5", "true", "{}",
			"[\"1\"]" })
	void refusesAnIdThatIsNotADecimalInt64StringAsInvalidId(String json) {
		assertRefused(with(event("message.posted"), "/data/roomId", json), EventProblem.INVALID_ID);
	}

	@ParameterizedTest(name = "[{index}] roomId \"{0}\"")
	@ValueSource(
			longs = { 1, 9, 10, 9_007_199_254_740_993L, 999_999_999_999_999_999L, Long.MAX_VALUE - 1, Long.MAX_VALUE })
	void acceptsEveryIdFromOneToTheInt64MaximumWithAllItsDigits(long id) {
		ObjectNode event = withText(event("message.posted"), "/data/roomId", Long.toString(id));
		assertThat(reader.read(event).roomId()).isEqualTo(id);
	}

	static Stream<Arguments> everyIdField() {
		List<Arguments> cases = new ArrayList<>();
		VALID_DATA.forEach((type, data) -> {
			for (String field : JSON.readTree(data).propertyNames()) {
				if (field.endsWith("Id")) {
					cases.add(arguments(type, "/data/" + field));
				}
			}
		});
		cases.add(arguments("room.created", "/data/members/0/accountId"));
		cases.add(arguments("room.created", "/data/members/2/accountId"));
		cases.add(arguments("task.created", "/data/assigneeIds/0"));
		cases.add(arguments("task.created", "/data/assigneeIds/1"));
		return cases.stream();
	}

	@ParameterizedTest(name = "[{index}] {0} {1}")
	@MethodSource("everyIdField")
	void refusesAJsonNumberOrABadStringInEveryIdFieldAsInvalidId(String type, String pointer) {
		assertRefused(with(event(type), pointer, "21"), EventProblem.INVALID_ID);
		assertRefused(with(event(type), pointer, "\"021\""), EventProblem.INVALID_ID);
		assertRefused(with(event(type), pointer, "\"9223372036854775808\""), EventProblem.INVALID_ID);
	}

	@ParameterizedTest(name = "[{index}] {0} {1}")
	@MethodSource("everyIdField")
	void acceptsTheInt64MaximumInEveryIdField(String type, String pointer) {
		assertThat(reader.read(with(event(type), pointer, "\"9223372036854775807\""))).isNotNull();
	}

	// ---- missing fields and wrong JSON types ----

	static Stream<Arguments> everyRequiredField() {
		List<Arguments> cases = new ArrayList<>();
		VALID_DATA.forEach((type, data) -> {
			for (String field : JSON.readTree(data).propertyNames()) {
				if (!OPTIONAL_FIELDS.contains(type + "/" + field)) {
					cases.add(arguments(type, "/data/" + field));
				}
			}
		});
		cases.add(arguments("room.created", "/data/members/1/accountId"));
		cases.add(arguments("room.created", "/data/members/1/role"));
		return cases.stream();
	}

	@ParameterizedTest(name = "[{index}] {0} without {1}")
	@MethodSource("everyRequiredField")
	void refusesAnEventMissingARequiredFieldAsInvalidData(String type, String pointer) {
		assertRefused(with(event(type), pointer, "-"), EventProblem.INVALID_DATA);
	}

	@ParameterizedTest(name = "[{index}] {0} with {1} null")
	@MethodSource("everyRequiredField")
	void refusesANullRequiredFieldAsInvalidData(String type, String pointer) {
		if (pointer.equals("/data/dueAt")) {
			return; // dueAt is required but may be null, tested below
		}
		assertRefused(with(event(type), pointer, "null"), EventProblem.INVALID_DATA);
	}

	@ParameterizedTest(name = "[{index}] {0} {1} = {2}")
	@CsvSource(delimiter = '|', textBlock = """
			room.created   | /data/kind                | 1
			room.created   | /data/kind                | ["group"]
			room.created   | /data/name                | 5
			room.created   | /data/name                | true
			room.created   | /data/name                | ["Team"]
			room.created   | /data/description         | 5
			room.created   | /data/description         | {}
			room.created   | /data/members             | {"accountId": "20", "role": "admin"}
			room.created   | /data/members             | "20"
			room.created   | /data/members/0           | "20"
			room.created   | /data/members/0           | ["20", "admin"]
			room.created   | /data/members/0           | null
			room.created   | /data/members/0/role      | 1
			room.updated   | /data/changes             | "name"
			room.updated   | /data/changes             | []
			room.updated   | /data/changes/name        | 5
			room.updated   | /data/changes/description | 5
			member.added   | /data/role                | 2
			member.added   | /data/role                | ["member"]
			message.posted | /data/body                | 5
			message.posted | /data/body                | {"text": "Hello"}
			message.edited | /data/body                | false
			task.created   | /data/body                | ["Do it"]
			task.created   | /data/assigneeIds         | "21"
			task.created   | /data/assigneeIds         | {"0": "21"}
			""")
	void refusesAWrongJsonTypeAsInvalidData(String type, String pointer, String json) {
		assertRefused(with(event(type), pointer, json), EventProblem.INVALID_DATA);
	}

	@Test
	void ignoresUnknownExtraFieldsAtEveryDepthOfData() {
		for (String type : VALID_DATA.keySet()) {
			ObjectNode event = event(type);
			ObjectNode data = (ObjectNode) event.get("data");
			data.put("color", "red");
			data.putObject("future").put("roomId", "not an id");
			data.putArray("tags").add(1);
			if (data.get("members") != null) {
				((ObjectNode) data.get("members").get(0)).put("nickname", "boss");
			}
			if (data.get("changes") != null) {
				((ObjectNode) data.get("changes")).put("topic", 5);
			}
			assertThat(reader.read(event)).as(type).isEqualTo(reader.read(event(type)));
		}
	}

	// ---- text ----

	@ParameterizedTest(name = "[{index}] {0} {1} = {2}")
	@CsvSource(delimiter = '|', textBlock = """
			room.created   | /data/name                | "\\ud800"
			room.created   | /data/name                | "Team \\udc00"
			room.created   | /data/name                | "\\ude00\\ud83d"
			room.created   | /data/description         | "Our \\ud83d team"
			room.updated   | /data/changes/name        | "\\udfff"
			room.updated   | /data/changes/description | "x\\udbff"
			message.posted | /data/body                | "Hello \\ud800"
			message.posted | /data/body                | "\\udc00"
			message.edited | /data/body                | "\\ud83d\\ud83d\\ude00"
			task.created   | /data/body                | "Do it \\udbff"
			""")
	void refusesTextWithAnUnpairedSurrogateAsInvalidText(String type, String pointer, String json) {
		assertRefused(with(event(type), pointer, json), EventProblem.INVALID_TEXT);
	}

	@ParameterizedTest(name = "[{index}] {0} {1}")
	@CsvSource(delimiter = '|', textBlock = """
			room.created   | /data/name
			room.created   | /data/description
			room.updated   | /data/changes/name
			room.updated   | /data/changes/description
			message.posted | /data/body
			message.edited | /data/body
			task.created   | /data/body
			""")
	void keepsTextWithPairedSurrogatesAndOtherUnicodeAsSent(String type, String pointer) {
		String text = "会議 😀 \ufffe \u0001 \n end";
		FalconEvent event = reader.read(withText(event(type), pointer, text));
		assertThat(event.toString()).contains(text);
	}

	static Stream<Arguments> bodiesAroundTheByteLimit() {
		return Stream.of("message.posted", "message.edited", "task.created")
			.flatMap(type -> Stream.of(arguments(type, "65,535 ASCII bytes", "a".repeat(65_535), null),
					arguments(type, "65,536 ASCII bytes", "a".repeat(65_536), EventProblem.BODY_TOO_LARGE),
					arguments(type, "21,845 three-byte characters (65,535 bytes)", "日".repeat(21_845), null),
					arguments(type, "21,846 three-byte characters (65,538 bytes)", "日".repeat(21_846),
							EventProblem.BODY_TOO_LARGE),
					arguments(type, "21,845 three-byte characters and one ASCII byte (65,536 bytes)",
							"日".repeat(21_845) + "a", EventProblem.BODY_TOO_LARGE),
					arguments(type, "16,383 emoji and 3 ASCII bytes (65,535 bytes)", "😀".repeat(16_383) + "abc", null),
					arguments(type, "16,384 emoji (65,536 bytes, 32,768 UTF-16 units)", "😀".repeat(16_384),
							EventProblem.BODY_TOO_LARGE),
					arguments(type, "32,767 two-byte characters and one ASCII byte (65,535 bytes)",
							"é".repeat(32_767) + "a", null),
					arguments(type, "32,768 two-byte characters (65,536 bytes)", "é".repeat(32_768),
							EventProblem.BODY_TOO_LARGE)));
	}

	@ParameterizedTest(name = "[{index}] {0} body of {1}: {3}")
	@MethodSource("bodiesAroundTheByteLimit")
	void limitsTheBodyTo65535Utf8Bytes(String type, String description, String body, @Nullable String code) {
		ObjectNode event = withText(event(type), "/data/body", body);
		if (code == null) {
			assertThat(reader.read(event).toString()).contains(body);
		}
		else {
			assertRefused(event, code);
		}
	}

	@ParameterizedTest(name = "[{index}] {0}")
	@ValueSource(strings = { "message.posted", "message.edited", "task.created" })
	void refusesAnEmptyBodyAsInvalidData(String type) {
		assertRefused(withText(event(type), "/data/body", ""), EventProblem.INVALID_DATA);
	}

	@ParameterizedTest(name = "[{index}] {0} room named \"{1}\": {2}")
	@CsvSource(delimiter = '|', textBlock = """
			group  | ''  | invalid_data
			direct | ''  | accepted
			self   | ''  | accepted
			group  | x   | accepted
			direct | x   | accepted
			""")
	void allowsAnEmptyNameOnlyForDirectAndSelfRooms(String kind, String name, String outcome) {
		ObjectNode event = withText(withText(event("room.created"), "/data/kind", kind), "/data/name", name);
		if (outcome.equals("accepted")) {
			RoomCreated room = (RoomCreated) reader.read(event);
			assertThat(room.name()).isEqualTo(name);
			assertThat(room.kind().name()).isEqualToIgnoringCase(kind);
		}
		else {
			assertRefused(event, outcome);
		}
	}

	static Stream<Arguments> textLengths() {
		return Stream.of(arguments("room.created", "/data/name", "255 ASCII", "a".repeat(255), true),
				arguments("room.created", "/data/name", "256 ASCII", "a".repeat(256), false),
				arguments("room.created", "/data/name", "255 emoji", "😀".repeat(255), true),
				arguments("room.created", "/data/name", "256 emoji", "😀".repeat(256), false),
				arguments("room.created", "/data/name", "255 Japanese", "会".repeat(255), true),
				arguments("room.updated", "/data/changes/name", "255 ASCII", "a".repeat(255), true),
				arguments("room.updated", "/data/changes/name", "256 ASCII", "a".repeat(256), false),
				arguments("room.updated", "/data/changes/name", "0", "", false),
				arguments("room.created", "/data/description", "4,000 ASCII", "a".repeat(4_000), true),
				arguments("room.created", "/data/description", "4,001 ASCII", "a".repeat(4_001), false),
				arguments("room.created", "/data/description", "4,000 emoji", "😀".repeat(4_000), true),
				arguments("room.created", "/data/description", "4,001 emoji", "😀".repeat(4_001), false),
				arguments("room.created", "/data/description", "0", "", true),
				arguments("room.updated", "/data/changes/description", "4,000 ASCII", "a".repeat(4_000), true),
				arguments("room.updated", "/data/changes/description", "4,001 ASCII", "a".repeat(4_001), false),
				arguments("room.updated", "/data/changes/description", "0", "", true));
	}

	@ParameterizedTest(name = "[{index}] {0} {1} of {2} characters accepted: {4}")
	@MethodSource("textLengths")
	void limitsNamesTo255AndDescriptionsTo4000CharactersCountingCodePoints(String type, String pointer,
			String characters, String text, boolean accepted) {
		ObjectNode event = withText(event(type), pointer, text);
		if (accepted) {
			assertThat(reader.read(event).toString()).contains(text);
		}
		else {
			assertRefused(event, EventProblem.INVALID_DATA);
		}
	}

	@ParameterizedTest(name = "[{index}] description {0}")
	@ValueSource(strings = { "-", "null" })
	void readsAnAbsentRoomDescriptionAsNone(String json) {
		RoomCreated room = (RoomCreated) reader.read(with(event("room.created"), "/data/description", json));
		assertThat(room.description()).isNull();
	}

	// ---- roles and kinds ----

	@ParameterizedTest(name = "[{index}] {0} {1} = {2}")
	@CsvSource(delimiter = '|', textBlock = """
			member.added | /data/role           | "owner"
			member.added | /data/role           | "Admin"
			member.added | /data/role           | "ADMIN"
			member.added | /data/role           | " admin"
			member.added | /data/role           | ""
			member.added | /data/role           | "read-only"
			room.created | /data/members/1/role | "guest"
			room.created | /data/members/1/role | "MEMBER"
			room.created | /data/kind           | "private"
			room.created | /data/kind           | "Group"
			room.created | /data/kind           | "dm"
			room.created | /data/kind           | ""
			""")
	void refusesAnUnknownRoleOrRoomKindAsInvalidData(String type, String pointer, String json) {
		assertRefused(with(event(type), pointer, json), EventProblem.INVALID_DATA);
	}

	@ParameterizedTest(name = "[{index}] role {0}")
	@CsvSource({ "admin, ADMIN", "member, MEMBER", "readonly, READONLY" })
	void readsEachRole(String name, Role role) {
		assertThat(((MemberAdded) reader.read(withText(event("member.added"), "/data/role", name))).role())
			.isEqualTo(role);
		RoomCreated room = (RoomCreated) reader.read(withText(event("room.created"), "/data/members/0/role", name));
		assertThat(room.members().get(0).role()).isEqualTo(role);
	}

	@ParameterizedTest(name = "[{index}] kind {0}")
	@CsvSource({ "group, GROUP", "direct, DIRECT", "self, SELF" })
	void readsEachRoomKind(String name, RoomKind kind) {
		assertThat(((RoomCreated) reader.read(withText(event("room.created"), "/data/kind", name))).kind())
			.isEqualTo(kind);
	}

	// ---- members ----

	@ParameterizedTest(name = "[{index}] {0} members accepted: {1}")
	@CsvSource({ "0, false", "1, true", "2, true", "1000, true", "1001, false" })
	void acceptsOneToAThousandMembersInInputOrder(int count, boolean accepted) {
		ObjectNode event = event("room.created");
		ArrayNode members = ((ObjectNode) event.get("data")).putArray("members");
		IntStream.rangeClosed(1, count)
			.forEach(i -> members.addObject()
				.put("accountId", Long.toString(1_000_000L + i))
				.put("role", (i % 3 == 0) ? "readonly" : (i % 2 == 0) ? "member" : "admin"));
		if (accepted) {
			RoomCreated room = (RoomCreated) reader.read(event);
			assertThat(room.members()).hasSize(count);
			assertThat(room.members().get(count - 1)).isEqualTo(new Member(1_000_000L + count,
					(count % 3 == 0) ? Role.READONLY : (count % 2 == 0) ? Role.MEMBER : Role.ADMIN));
			assertThat(room.members()).extracting(Member::accountId).isSorted();
		}
		else {
			assertRefused(event, EventProblem.INVALID_DATA);
		}
	}

	// ---- assigneeIds ----

	@ParameterizedTest(name = "[{index}] {0} distinct assignees accepted: {1}")
	@CsvSource({ "0, false", "1, true", "100, true", "101, false" })
	void acceptsOneToAHundredAssigneesInInputOrder(int count, boolean accepted) {
		ObjectNode event = event("task.created");
		ArrayNode assignees = ((ObjectNode) event.get("data")).putArray("assigneeIds");
		// descending, so that input order is not numeric order
		IntStream.range(0, count).forEach(i -> assignees.add(Long.toString(5_000L - i)));
		if (accepted) {
			TaskCreated task = (TaskCreated) reader.read(event);
			assertThat(task.assigneeIds()).hasSize(count).first().isEqualTo(5_000L);
			assertThat(task.assigneeIds()).isSortedAccordingTo((a, b) -> Long.compare(b, a));
		}
		else {
			assertRefused(event, EventProblem.INVALID_DATA);
		}
	}

	@ParameterizedTest(name = "[{index}] assigneeIds {0}")
	@ValueSource(strings = { "[\"21\", \"21\"]", "[\"21\", \"22\", \"21\"]",
			"[\"9223372036854775807\", \"9223372036854775807\"]" })
	void refusesRepeatedAssigneesAsInvalidData(String json) {
		assertRefused(with(event("task.created"), "/data/assigneeIds", json), EventProblem.INVALID_DATA);
	}

	@Test
	void refusesAnAssigneeThatIsNotAnIdAsInvalidId() {
		assertRefused(with(event("task.created"), "/data/assigneeIds", "[\"21\", 22]"), EventProblem.INVALID_ID);
		assertRefused(with(event("task.created"), "/data/assigneeIds", "[\"21\", null]"), EventProblem.INVALID_ID);
		assertRefused(with(event("task.created"), "/data/assigneeIds", "[\"0\"]"), EventProblem.INVALID_ID);
	}

	// ---- room.updated changes ----

	@ParameterizedTest(name = "[{index}] changes {0} gives name {1} and description {2}")
	@CsvSource(delimiter = '|', nullValues = "none", textBlock = """
			{"name": "Renamed"}                             | Renamed | none
			{"description": "Described"}                    | none    | Described
			{"description": ""}                             | none    | ''
			{"name": "Renamed", "description": "Described"} | Renamed | Described
			{"name": "Renamed", "description": null}        | Renamed | none
			{"name": "Renamed", "topic": "x"}               | Renamed | none
			""")
	void readsOnlyTheChangedMembersOfARoom(String changes, @Nullable String name, @Nullable String description) {
		RoomUpdated room = (RoomUpdated) reader.read(with(event("room.updated"), "/data/changes", changes));
		assertThat(room.name()).isEqualTo(name);
		assertThat(room.description()).isEqualTo(description);
	}

	@ParameterizedTest(name = "[{index}] changes {0}")
	@ValueSource(strings = { "{}", "{\"topic\": \"x\"}", "{\"description\": null}", "{\"Name\": \"x\"}" })
	void refusesChangesWithNeitherNameNorDescriptionAsInvalidData(String changes) {
		assertRefused(with(event("room.updated"), "/data/changes", changes), EventProblem.INVALID_DATA);
	}

	// ---- task.created dueAt and messageId ----

	@ParameterizedTest(name = "[{index}] dueAt {0} is {1}")
	@CsvSource(delimiter = '|', nullValues = "none", textBlock = """
			null                                | none
			"2025-04-01T18:00:00.750+09:00"     | 1743498000
			"2025-04-01T09:00:00Z"              | 1743498000
			"2025-04-01t09:00:00.999999999999z" | 1743498000
			"2025-01-31T23:59:59.999999999-08:00" | 1738396799
			""")
	void readsDueAtAsUnixSecondsRoundedDownOrNone(String json, @Nullable Long dueAt) {
		assertThat(((TaskCreated) reader.read(with(event("task.created"), "/data/dueAt", json))).dueAt())
			.isEqualTo(dueAt);
	}

	@ParameterizedTest(name = "[{index}] dueAt {0}")
	@ValueSource(strings = { "\"tomorrow\"", "\"\"", "\"2025-04-01T18:00:00\"", "\"2025-04-01 18:00:00Z\"",
			"\"2025-04-31T18:00:00Z\"", "\"2025-04-01\"", "\"2025-04-01T18:00Z\"", "\"1969-12-31T23:59:59Z\"",
			"\"1970-01-01T00:59:59+01:00\"", "1743498000", "true", "{}" })
	void refusesADueAtThatIsNotAnRfc3339DateTimeFrom1970AsInvalidTime(String json) {
		assertRefused(with(event("task.created"), "/data/dueAt", json), EventProblem.INVALID_TIME);
	}

	@ParameterizedTest(name = "[{index}] messageId {0} is {1}")
	@CsvSource(delimiter = '|', nullValues = "none", textBlock = """
			-                     | none
			null                  | none
			"30"                  | 30
			"9223372036854775807" | 9223372036854775807
			""")
	void readsTheOptionalMessageIdOfATask(String json, @Nullable Long messageId) {
		assertThat(((TaskCreated) reader.read(with(event("task.created"), "/data/messageId", json))).messageId())
			.isEqualTo(messageId);
	}

	@ParameterizedTest(name = "[{index}] messageId {0}")
	@ValueSource(strings = { "30", "\"0\"", "\"030\"", "\"\"" })
	void refusesATaskMessageIdThatIsNotAnIdAsInvalidId(String json) {
		assertRefused(with(event("task.created"), "/data/messageId", json), EventProblem.INVALID_ID);
	}

	// ---- helpers ----

	private void assertRefused(JsonNode event, String code) {
		assertThatThrownBy(() -> reader.read(event)).isInstanceOfSatisfying(InvalidEventException.class, ex -> {
			assertThat(ex.problem().code()).as(ex.problem().detail()).isEqualTo(code);
			assertThat(ex.problem().detail()).isNotBlank();
		});
	}

	private static EventMeta meta(String type) {
		return new EventMeta("evt-1", "/falcon/write-api", "falcon." + type + ".v1", TIME, TRACEPARENT);
	}

	/** A fresh valid event of the type (short name), with every envelope attribute. */
	private static ObjectNode event(String type) {
		ObjectNode event = JSON.createObjectNode();
		event.put("specversion", "1.0")
			.put("id", "evt-1")
			.put("source", "/falcon/write-api")
			.put("type", "falcon." + type + ".v1")
			.put("time", "2025-03-14T09:26:53Z")
			.put("datacontenttype", "application/json")
			.put("traceparent", TRACEPARENT);
		event.set("data", JSON.readTree(VALID_DATA.get(type)));
		return event;
	}

	/**
	 * The event with the JSON text put at the pointer, or the member removed when the
	 * text is {@code -}.
	 */
	private static ObjectNode with(ObjectNode event, String pointer, String json) {
		return with(event, pointer, json.equals("-") ? null : JSON.readTree(json));
	}

	private static ObjectNode withText(ObjectNode event, String pointer, String text) {
		return with(event, pointer, NODES.stringNode(text));
	}

	private static ObjectNode with(ObjectNode event, String pointer, @Nullable JsonNode value) {
		ObjectNode copy = event.deepCopy();
		int slash = pointer.lastIndexOf('/');
		JsonNode parent = (slash == 0) ? copy : copy.at(pointer.substring(0, slash));
		String name = pointer.substring(slash + 1);
		if (parent instanceof ObjectNode object) {
			if (value == null) {
				object.remove(name);
			}
			else {
				object.set(name, value);
			}
		}
		else if (parent instanceof ArrayNode array) {
			if (value == null) {
				array.remove(Integer.parseInt(name));
			}
			else {
				array.set(Integer.parseInt(name), value);
			}
		}
		else {
			throw new IllegalArgumentException("no container at " + pointer);
		}
		return copy;
	}

}
