package io.aclgateway.relay.translation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.SerializableString;
import tools.jackson.core.io.CharacterEscapes;
import tools.jackson.core.io.SerializedString;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import io.aclgateway.relay.contract.EventMeta;
import io.aclgateway.relay.contract.FalconEvent;
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

/**
 * Translates Falcon's events into the legacy messages of events.md section 3: one small
 * mapping per event type. Pure: the same event always gives the same messages, byte for
 * byte. Not final: the tests stand a broken translator in for it, to show that the
 * relay's legacy-schema check keeps a translator bug from reaching the legacy consumers.
 */
public class LegacyTranslator {

	private final JsonMapper json = JsonMapper.builder().build();

	/**
	 * The legacy messages of one event, in the order the legacy consumers must see them.
	 */
	public List<LegacyMessage> translate(FalconEvent event) {
		// Exhaustive over the catalog: a new event type does not compile until it has its
		// mapping here.
		// Java 17 has no pattern switch; the cast is to the type's own record
		// (FalconEventTypeTests).
		return switch (event.type()) {
			case ROOM_CREATED -> List.of(roomAdd((RoomCreated) event));
			case ROOM_UPDATED -> List.of(roomEdit((RoomUpdated) event));
			case ROOM_DELETED -> List.of(roomDelete((RoomDeleted) event));
			case MEMBER_ADDED -> List.of(memberAdd((MemberAdded) event));
			case MEMBER_REMOVED -> List.of(memberDelete((MemberRemoved) event));
			case MESSAGE_POSTED -> List.of(chatAdd((MessagePosted) event));
			case MESSAGE_EDITED -> List.of(chatEdit((MessageEdited) event));
			case MESSAGE_DELETED -> List.of(chatDelete((MessageDeleted) event));
			case TASK_CREATED -> taskAdd((TaskCreated) event);
			case TASK_COMPLETED -> List.of(taskDone((TaskCompleted) event));
			case READ_ADVANCED -> List.of(chatRead((ReadAdvanced) event));
		};
	}

	private LegacyMessage roomDelete(RoomDeleted e) {
		return message(e.meta(), LegacyCommand.ROOM_DELETE, e.roomId(), e.actorId(), body -> {
		});
	}

	private LegacyMessage memberAdd(MemberAdded e) {
		return message(e.meta(), LegacyCommand.MEMBER_ADD, e.roomId(), e.actorId(),
				body -> body.put("target_aid", e.accountId()).put("role", LegacyCodes.ROLES.get(e.role())));
	}

	private LegacyMessage memberDelete(MemberRemoved e) {
		return message(e.meta(), LegacyCommand.MEMBER_DELETE, e.roomId(), e.actorId(),
				body -> body.put("target_aid", e.accountId()));
	}

	private LegacyMessage chatAdd(MessagePosted e) {
		return message(e.meta(), LegacyCommand.CHAT_ADD, e.roomId(), e.authorId(),
				body -> body.put("mid", e.messageId()).put("body", e.body()));
	}

	private LegacyMessage chatEdit(MessageEdited e) {
		return message(e.meta(), LegacyCommand.CHAT_EDIT, e.roomId(), e.editorId(),
				body -> body.put("mid", e.messageId()).put("body", e.body()));
	}

	private LegacyMessage chatDelete(MessageDeleted e) {
		return message(e.meta(), LegacyCommand.CHAT_DELETE, e.roomId(), e.actorId(),
				body -> body.put("mid", e.messageId()));
	}

	private LegacyMessage taskDone(TaskCompleted e) {
		return message(e.meta(), LegacyCommand.TASK_DONE, e.roomId(), e.accountId(),
				body -> body.put("tid", e.taskId()));
	}

	private LegacyMessage chatRead(ReadAdvanced e) {
		return message(e.meta(), LegacyCommand.CHAT_READ, e.roomId(), e.accountId(),
				body -> body.put("mid", e.lastReadMessageId()));
	}

	private LegacyMessage roomAdd(RoomCreated e) {
		return message(e.meta(), LegacyCommand.ROOM_ADD, e.roomId(), e.creatorId(), body -> {
			body.put("type", LegacyCodes.ROOM_TYPES.get(e.kind()));
			body.put("name", e.name());
			body.put("description", (e.description() != null) ? e.description() : "");
			ArrayNode members = body.putArray("members");
			for (FalconEvent.Member member : e.members()) {
				members.addObject().put("aid", member.accountId()).put("role", LegacyCodes.ROLES.get(member.role()));
			}
		});
	}

	private LegacyMessage roomEdit(RoomUpdated e) {
		return message(e.meta(), LegacyCommand.ROOM_EDIT, e.roomId(), e.actorId(), body -> {
			if (e.name() != null) {
				body.put("name", e.name());
			}
			if (e.description() != null) {
				body.put("description", e.description());
			}
		});
	}

	/**
	 * One {@code task_add} per assignee, in {@code assigneeIds} order, each with its own
	 * {@code #n} eid.
	 */
	private List<LegacyMessage> taskAdd(TaskCreated e) {
		List<LegacyMessage> messages = new ArrayList<>(e.assigneeIds().size());
		for (int n = 1; n <= e.assigneeIds().size(); n++) {
			long assignee = e.assigneeIds().get(n - 1);
			messages.add(message(e.meta(), e.meta().id() + "#" + n, LegacyCommand.TASK_ADD, e.roomId(), e.creatorId(),
					body -> body.put("tid", e.taskId())
						.put("to_aid", assignee)
						.put("body", e.body())
						.put("limit_time", (e.dueAt() != null) ? e.dueAt() : 0L)
						.put("mid", (e.messageId() != null) ? e.messageId() : 0L)));
		}
		return messages;
	}

	private LegacyMessage message(EventMeta meta, LegacyCommand command, long roomId, long actorId,
			Consumer<ObjectNode> members) {
		return message(meta, meta.id(), command, roomId, actorId, members);
	}

	private LegacyMessage message(EventMeta meta, String eid, LegacyCommand command, long roomId, long actorId,
			Consumer<ObjectNode> members) {
		String cmd = command.wireName();
		ObjectNode body = json.createObjectNode();
		body.put("cmd", cmd)
			.put("ver", 1)
			.put("eid", eid)
			.put("src", "falcon")
			.put("ts", meta.time())
			.put("rid", roomId)
			.put("aid", actorId);
		members.accept(body);
		Map<String, String> attributes = new LinkedHashMap<>();
		attributes.put("cmd", cmd);
		attributes.put("eid", eid);
		if (meta.traceparent() != null) {
			attributes.put("traceparent", meta.traceparent());
		}
		return new LegacyMessage(cmd, eid, roomId, json.writer(QueueSafeEscapes.INSTANCE).writeValueAsString(body),
				attributes);
	}

	/**
	 * JSON escapes control characters already; SQS also refuses U+FFFE and U+FFFF in a
	 * body, which are valid Unicode that Falcon may send, so those two are written as
	 * {@code \\u} escapes.
	 */
	static final class QueueSafeEscapes extends CharacterEscapes {

		static final QueueSafeEscapes INSTANCE = new QueueSafeEscapes();

		private final int[] ascii = standardAsciiEscapesForJSON();

		@Override
		public int[] getEscapeCodesForAscii() {
			return ascii;
		}

		@Override
		public @Nullable SerializableString getEscapeSequence(int ch) {
			return switch (ch) {
				case 0xFFFE -> new SerializedString("\\ufffe");
				case 0xFFFF -> new SerializedString("\\uffff");
				default -> null;
			};
		}

	}

}
