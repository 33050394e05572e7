package io.aclgateway.relay.translation;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;

import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.json.JsonMapper;

import io.aclgateway.relay.contract.EventMeta;
import io.aclgateway.relay.contract.FalconEvent;
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
import io.aclgateway.relay.contract.Role;
import io.aclgateway.relay.contract.RoomKind;
import io.aclgateway.relay.contract.Text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Every row of the events.md section 3 table, with the exact body each event gives
 * (member order included), and the attributes of 3.1 (how a queue carries them is
 * delivery.sqs's). Ids are distinct per field (room 10, actor or author 20, account 21,
 * message 30, task 40) so that a swapped field shows.
 */
class LegacyTranslatorTests {

	private static final long TS = 1_741_944_413L;

	private static final long MAX = Long.MAX_VALUE;

	private static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final LegacyTranslator translator = new LegacyTranslator();

	static Stream<Arguments> everyRowOfTheTable() {
		return Stream.of(
				arguments("room.created (group) is room_add with type 1, roles 1 2 3 in input order",
						new RoomCreated(meta("room.created"), 10, RoomKind.GROUP, "Team", "Our team", 20,
								List.of(new Member(22, Role.READONLY), new Member(20, Role.ADMIN),
										new Member(21, Role.MEMBER))),
						List.of("""
								{"cmd":"room_add","ver":1,"eid":"evt-1","src":"falcon","ts":1741944413,"rid":10,"aid":20,\
								"type":1,"name":"Team","description":"Our team",\
								"members":[{"aid":22,"role":3},{"aid":20,"role":1},{"aid":21,"role":2}]}""")),
				arguments("room.created (direct, no description) is room_add with type 2 and description \"\"",
						new RoomCreated(meta("room.created"), 10, RoomKind.DIRECT, "", null, 20,
								List.of(new Member(20, Role.ADMIN), new Member(21, Role.ADMIN))),
						List.of("""
								{"cmd":"room_add","ver":1,"eid":"evt-1","src":"falcon","ts":1741944413,"rid":10,"aid":20,\
								"type":2,"name":"","description":"",\
								"members":[{"aid":20,"role":1},{"aid":21,"role":1}]}""")),
				arguments("room.created (self) is room_add with type 3",
						new RoomCreated(meta("room.created"), 10, RoomKind.SELF, "Notes", "", 20,
								List.of(new Member(20, Role.ADMIN))),
						List.of("""
								{"cmd":"room_add","ver":1,"eid":"evt-1","src":"falcon","ts":1741944413,"rid":10,"aid":20,\
								"type":3,"name":"Notes","description":"","members":[{"aid":20,"role":1}]}""")),
				arguments("room.updated (name only) is room_edit with only name",
						new RoomUpdated(meta("room.updated"), 10, 20, "New name", null),
						List.of("""
								{"cmd":"room_edit","ver":1,"eid":"evt-1","src":"falcon","ts":1741944413,"rid":10,"aid":20,\
								"name":"New name"}""")),
				arguments("room.updated (description only) is room_edit with only description",
						new RoomUpdated(meta("room.updated"), 10, 20, null, "New description"),
						List.of("""
								{"cmd":"room_edit","ver":1,"eid":"evt-1","src":"falcon","ts":1741944413,"rid":10,"aid":20,\
								"description":"New description"}""")),
				arguments("room.updated (description cleared) is room_edit with description \"\"",
						new RoomUpdated(meta("room.updated"), 10, 20, null, ""),
						List.of("""
								{"cmd":"room_edit","ver":1,"eid":"evt-1","src":"falcon","ts":1741944413,"rid":10,"aid":20,\
								"description":""}""")),
				arguments("room.updated (both) is room_edit with name then description",
						new RoomUpdated(meta("room.updated"), 10, 20, "New name", "New description"),
						List.of("""
								{"cmd":"room_edit","ver":1,"eid":"evt-1","src":"falcon","ts":1741944413,"rid":10,"aid":20,\
								"name":"New name","description":"New description"}""")),
				arguments("room.deleted is room_delete with the common members only",
						new RoomDeleted(meta("room.deleted"), 10, 20),
						List.of("""
								{"cmd":"room_delete","ver":1,"eid":"evt-1","src":"falcon","ts":1741944413,"rid":10,"aid":20}""")),
				arguments("member.added (admin) is member_add with role 1",
						new MemberAdded(meta("member.added"), 10, 20, 21, Role.ADMIN),
						List.of("""
								{"cmd":"member_add","ver":1,"eid":"evt-1","src":"falcon","ts":1741944413,"rid":10,"aid":20,\
								"target_aid":21,"role":1}""")),
				arguments("member.added (member) is member_add with role 2",
						new MemberAdded(meta("member.added"), 10, 20, 21, Role.MEMBER),
						List.of("""
								{"cmd":"member_add","ver":1,"eid":"evt-1","src":"falcon","ts":1741944413,"rid":10,"aid":20,\
								"target_aid":21,"role":2}""")),
				arguments("member.added (readonly) is member_add with role 3",
						new MemberAdded(meta("member.added"), 10, 20, 21, Role.READONLY),
						List.of("""
								{"cmd":"member_add","ver":1,"eid":"evt-1","src":"falcon","ts":1741944413,"rid":10,"aid":20,\
								"target_aid":21,"role":3}""")),
				arguments("member.removed is member_delete with target_aid",
						new MemberRemoved(meta("member.removed"), 10, 20, 21),
						List.of("""
								{"cmd":"member_delete","ver":1,"eid":"evt-1","src":"falcon","ts":1741944413,"rid":10,"aid":20,\
								"target_aid":21}""")),
				arguments("message.posted is chat_add with aid = authorId, mid, body",
						new MessagePosted(meta("message.posted"), 10, 30, 20, "Hello"),
						List.of("""
								{"cmd":"chat_add","ver":1,"eid":"evt-1","src":"falcon","ts":1741944413,"rid":10,"aid":20,\
								"mid":30,"body":"Hello"}""")),
				arguments("message.edited is chat_edit with aid = editorId, mid, body",
						new MessageEdited(meta("message.edited"), 10, 30, 20, "Hello again"),
						List.of("""
								{"cmd":"chat_edit","ver":1,"eid":"evt-1","src":"falcon","ts":1741944413,"rid":10,"aid":20,\
								"mid":30,"body":"Hello again"}""")),
				arguments("message.deleted is chat_delete with aid = actorId, mid",
						new MessageDeleted(meta("message.deleted"), 10, 30, 20),
						List.of("""
								{"cmd":"chat_delete","ver":1,"eid":"evt-1","src":"falcon","ts":1741944413,"rid":10,"aid":20,\
								"mid":30}""")),
				arguments("task.created (3 assignees) is one task_add per assignee in order, eid #1..#3",
						new TaskCreated(meta("task.created"), 10, 40, 20, List.of(23L, 21L, 22L), "Do it",
								1_743_498_000L, 30L),
						List.of("""
								{"cmd":"task_add","ver":1,"eid":"evt-1#1","src":"falcon","ts":1741944413,"rid":10,"aid":20,\
								"tid":40,"to_aid":23,"body":"Do it","limit_time":1743498000,"mid":30}""",
								"""
										{"cmd":"task_add","ver":1,"eid":"evt-1#2","src":"falcon","ts":1741944413,"rid":10,"aid":20,\
										"tid":40,"to_aid":21,"body":"Do it","limit_time":1743498000,"mid":30}""",
								"""
										{"cmd":"task_add","ver":1,"eid":"evt-1#3","src":"falcon","ts":1741944413,"rid":10,"aid":20,\
										"tid":40,"to_aid":22,"body":"Do it","limit_time":1743498000,"mid":30}""")),
				arguments(
						"task.created (1 assignee, no due date, no message) is one task_add with eid #1, limit_time 0, mid 0",
						new TaskCreated(meta("task.created"), 10, 40, 20, List.of(21L), "Do it", null, null),
						List.of("""
								{"cmd":"task_add","ver":1,"eid":"evt-1#1","src":"falcon","ts":1741944413,"rid":10,"aid":20,\
								"tid":40,"to_aid":21,"body":"Do it","limit_time":0,"mid":0}""")),
				arguments("task.completed is task_done with aid = accountId, tid",
						new TaskCompleted(meta("task.completed"), 10, 40, 21),
						List.of("""
								{"cmd":"task_done","ver":1,"eid":"evt-1","src":"falcon","ts":1741944413,"rid":10,"aid":21,\
								"tid":40}""")),
				arguments("read.advanced is chat_read with aid = accountId, mid = lastReadMessageId",
						new ReadAdvanced(meta("read.advanced"), 10, 21, 30),
						List.of("""
								{"cmd":"chat_read","ver":1,"eid":"evt-1","src":"falcon","ts":1741944413,"rid":10,"aid":21,\
								"mid":30}""")));
	}

	@ParameterizedTest(name = "[{index}] {0}")
	@MethodSource("everyRowOfTheTable")
	void writesTheExactBodyOfEachRow(String row, FalconEvent event, List<String> bodies) {
		assertThat(translator.translate(event)).extracting(LegacyMessage::body).containsExactlyElementsOf(bodies);
	}

	@ParameterizedTest(name = "[{index}] {0}")
	@MethodSource("everyRowOfTheTable")
	void givesEachMessageTheAttributesCmdAndEidOnlyWhenTheEventHadNoTraceparent(String row, FalconEvent event,
			List<String> bodies) {
		List<LegacyMessage> messages = translator.translate(event);
		assertThat(messages).hasSameSizeAs(bodies);
		for (LegacyMessage message : messages) {
			Map<String, Object> body = parse(message.body());
			assertThat(message.attributes()).containsExactlyInAnyOrderEntriesOf(
					Map.of("cmd", (String) body.get("cmd"), "eid", (String) body.get("eid")));
			assertThat(message.cmd()).isEqualTo(body.get("cmd"));
			assertThat(message.eid()).isEqualTo(body.get("eid"));
		}
	}

	@ParameterizedTest(name = "[{index}] {0}")
	@MethodSource("everyRowOfTheTable")
	void addsTheTraceparentAttributeToEveryMessageWhenTheEventHadOne(String row, FalconEvent event,
			List<String> bodies) {
		List<LegacyMessage> messages = translator.translate(withTraceparent(event));
		assertThat(messages).extracting(LegacyMessage::body).containsExactlyElementsOf(bodies);
		for (LegacyMessage message : messages) {
			assertThat(message.attributes()).containsOnlyKeys("cmd", "eid", "traceparent")
				.containsEntry("traceparent", TRACEPARENT)
				.containsEntry("cmd", message.cmd())
				.containsEntry("eid", message.eid());
		}
	}

	// ---- ids with all their digits ----

	@Test
	void writesInt64MaximumIdsAsJsonIntegersWithEveryDigit() {
		assertThat(translator
			.translate(new RoomCreated(meta("room.created"), MAX, RoomKind.GROUP, "n", null, MAX,
					List.of(new Member(MAX, Role.ADMIN))))
			.get(0)
			.body()).isEqualTo("""
					{"cmd":"room_add","ver":1,"eid":"evt-1","src":"falcon","ts":1741944413,\
					"rid":9223372036854775807,"aid":9223372036854775807,"type":1,"name":"n","description":"",\
					"members":[{"aid":9223372036854775807,"role":1}]}""");
		assertThat(translator.translate(new MemberAdded(meta("member.added"), MAX, MAX - 1, MAX, Role.MEMBER))
			.get(0)
			.body()).isEqualTo("""
					{"cmd":"member_add","ver":1,"eid":"evt-1","src":"falcon","ts":1741944413,\
					"rid":9223372036854775807,"aid":9223372036854775806,"target_aid":9223372036854775807,"role":2}""");
		assertThat(translator.translate(new MessagePosted(meta("message.posted"), MAX, MAX, MAX, "x")).get(0).body())
			.isEqualTo("""
					{"cmd":"chat_add","ver":1,"eid":"evt-1","src":"falcon","ts":1741944413,\
					"rid":9223372036854775807,"aid":9223372036854775807,"mid":9223372036854775807,"body":"x"}""");
		assertThat(translator
			.translate(new TaskCreated(meta("task.created"), MAX, MAX, MAX, List.of(MAX), "x", 253_402_300_799L, MAX))
			.get(0)
			.body()).isEqualTo("""
					{"cmd":"task_add","ver":1,"eid":"evt-1#1","src":"falcon","ts":1741944413,\
					"rid":9223372036854775807,"aid":9223372036854775807,"tid":9223372036854775807,\
					"to_aid":9223372036854775807,"body":"x","limit_time":253402300799,"mid":9223372036854775807}""");
		assertThat(translator.translate(new ReadAdvanced(meta("read.advanced"), MAX, 9_007_199_254_740_993L, MAX))
			.get(0)
			.body()).isEqualTo("""
					{"cmd":"chat_read","ver":1,"eid":"evt-1","src":"falcon","ts":1741944413,\
					"rid":9223372036854775807,"aid":9007199254740993,"mid":9223372036854775807}""");
	}

	// ---- task.created fan-out ----

	@Test
	void fansOutAHundredAssigneesInOrderWithEidsHash1ToHash100() {
		List<Long> assignees = LongStream.rangeClosed(1, 100).map(n -> 1_000 - n).boxed().toList();
		List<LegacyMessage> messages = translator
			.translate(new TaskCreated(meta("task.created"), 10, 40, 20, assignees, "Do it", null, 30L));
		assertThat(messages).hasSize(100);
		for (int n = 1; n <= 100; n++) {
			LegacyMessage message = messages.get(n - 1);
			Map<String, Object> body = parse(message.body());
			assertThat(message.eid()).isEqualTo("evt-1#" + n);
			assertThat(body).containsEntry("eid", "evt-1#" + n).containsEntry("to_aid", 1_000 - n);
			assertThat(message.attributes()).containsEntry("eid", "evt-1#" + n);
		}
	}

	// ---- text in the body ----

	@Test
	void writesUfffeAndUffffAsEscapesSoThatSqsAcceptsTheBody() {
		String body = translator.translate(new MessagePosted(meta("message.posted"), 10, 30, 20, "a\uFFFEb\uFFFFc"))
			.get(0)
			.body();
		assertThat(body).endsWith("\"body\":\"a\\ufffeb\\uffffc\"}").doesNotContain("\uFFFE", "\uFFFF");
		assertThat(parse(body)).containsEntry("body", "a\uFFFEb\uFFFFc");
	}

	@Test
	void escapesUfffeAndUffffInRoomNamesAndDescriptionsToo() {
		String body = translator
			.translate(new RoomCreated(meta("room.created"), 10, RoomKind.GROUP, "x\uFFFF", "\uFFFEy", 20,
					List.of(new Member(20, Role.ADMIN))))
			.get(0)
			.body();
		assertThat(body).contains("\"name\":\"x\\uffff\",\"description\":\"\\ufffey\"")
			.doesNotContain("\uFFFE", "\uFFFF");
	}

	@Test
	void writesOtherNonAsciiTextAsRawUtf8() {
		String text = "日本語のメッセージ 😀👍🏽 é ü 한국어 \uFFFD \uE000 \u00A0";
		String body = translator.translate(new MessageEdited(meta("message.edited"), 10, 30, 20, text)).get(0).body();
		assertThat(body).endsWith("\"body\":\"" + text + "\"}").doesNotContain("\\u");
		assertThat(body.getBytes(StandardCharsets.UTF_8))
			.hasSize(body.length() + (text.getBytes(StandardCharsets.UTF_8).length - text.length()));
	}

	@Test
	void escapesControlCharactersQuotesAndBackslashesAsJson() {
		String text = "\u0000\u0001\u0008\t\n\u000B\u000C\r\u001B\u001F\"\\ end";
		String body = translator.translate(new MessagePosted(meta("message.posted"), 10, 30, 20, text)).get(0).body();
		assertThat(body.chars().filter(c -> c < 0x20)).isEmpty();
		assertThat(body.toLowerCase())
			.endsWith("\"body\":\"\\u0000\\u0001\\b\\t\\n\\u000b\\f\\r\\u001b\\u001f\\\"\\\\ end\"}");
		assertThat(parse(body)).containsEntry("body", text);
	}

	@Test
	void escapesEveryControlCharacterSoTheBodyStaysQueueSafe() {
		StringBuilder text = new StringBuilder();
		IntStream.range(0, 0x20).forEach(c -> text.append((char) c));
		String body = translator.translate(new MessagePosted(meta("message.posted"), 10, 30, 20, text.toString()))
			.get(0)
			.body();
		assertThat(Text.isQueueSafe(body)).isTrue();
		assertThat(parse(body)).containsEntry("body", text.toString());
	}

	@Test
	void translatesTheSameEventToTheSameBytesEveryTime() {
		TaskCreated task = new TaskCreated(meta("task.created"), 10, 40, 20, List.of(21L, 22L), "Do it 😀",
				1_743_498_000L, 30L);
		assertThat(translator.translate(task)).isEqualTo(new LegacyTranslator().translate(task));
	}

	// ---- helpers ----

	@SuppressWarnings("unchecked")
	private static Map<String, Object> parse(String body) {
		return JSON.readValue(body, Map.class);
	}

	private static EventMeta meta(String type) {
		return meta(type, null);
	}

	private static EventMeta meta(String type, @Nullable String traceparent) {
		return new EventMeta("evt-1", "/falcon/write-api", "falcon." + type + ".v1", TS, traceparent);
	}

	/** The same event with a traceparent. */
	private static FalconEvent withTraceparent(FalconEvent event) {
		EventMeta m = event.meta();
		EventMeta meta = new EventMeta(m.id(), m.source(), m.type(), m.time(), TRACEPARENT);
		if (event instanceof RoomCreated e) {
			return new RoomCreated(meta, e.roomId(), e.kind(), e.name(), e.description(), e.creatorId(), e.members());
		}
		if (event instanceof RoomUpdated e) {
			return new RoomUpdated(meta, e.roomId(), e.actorId(), e.name(), e.description());
		}
		if (event instanceof RoomDeleted e) {
			return new RoomDeleted(meta, e.roomId(), e.actorId());
		}
		if (event instanceof MemberAdded e) {
			return new MemberAdded(meta, e.roomId(), e.actorId(), e.accountId(), e.role());
		}
		if (event instanceof MemberRemoved e) {
			return new MemberRemoved(meta, e.roomId(), e.actorId(), e.accountId());
		}
		if (event instanceof MessagePosted e) {
			return new MessagePosted(meta, e.roomId(), e.messageId(), e.authorId(), e.body());
		}
		if (event instanceof MessageEdited e) {
			return new MessageEdited(meta, e.roomId(), e.messageId(), e.editorId(), e.body());
		}
		if (event instanceof MessageDeleted e) {
			return new MessageDeleted(meta, e.roomId(), e.messageId(), e.actorId());
		}
		if (event instanceof TaskCreated e) {
			return new TaskCreated(meta, e.roomId(), e.taskId(), e.creatorId(), e.assigneeIds(), e.body(), e.dueAt(),
					e.messageId());
		}
		if (event instanceof TaskCompleted e) {
			return new TaskCompleted(meta, e.roomId(), e.taskId(), e.accountId());
		}
		ReadAdvanced e = (ReadAdvanced) event;
		return new ReadAdvanced(meta, e.roomId(), e.accountId(), e.lastReadMessageId());
	}

}
