package io.aclgateway.relay.translation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

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
 * Translates Falcon's events into the legacy messages of events.md section 3: one small mapping
 * per event type. Pure: the same event always gives the same messages, byte for byte.
 */
public final class LegacyTranslator {

	private final JsonMapper json = JsonMapper.builder().build();

	/** The legacy messages of one event, in the order the legacy consumers must see them. */
	public List<LegacyMessage> translate(FalconEvent event) {
		// Java 17 has no pattern switch; the sealed interface keeps this list complete.
		if (event instanceof RoomCreated e) {
			return List.of(roomAdd(e));
		}
		if (event instanceof RoomUpdated e) {
			return List.of(roomEdit(e));
		}
		if (event instanceof RoomDeleted e) {
			return List.of(message(e.meta(), "room_delete", e.roomId(), e.actorId(), body -> {
			}));
		}
		if (event instanceof MemberAdded e) {
			return List.of(message(e.meta(), "member_add", e.roomId(), e.actorId(),
					body -> body.put("target_aid", e.accountId()).put("role", LegacyCodes.ROLES.get(e.role()))));
		}
		if (event instanceof MemberRemoved e) {
			return List.of(message(e.meta(), "member_delete", e.roomId(), e.actorId(),
					body -> body.put("target_aid", e.accountId())));
		}
		if (event instanceof MessagePosted e) {
			return List.of(message(e.meta(), "chat_add", e.roomId(), e.authorId(),
					body -> body.put("mid", e.messageId()).put("body", e.body())));
		}
		if (event instanceof MessageEdited e) {
			return List.of(message(e.meta(), "chat_edit", e.roomId(), e.editorId(),
					body -> body.put("mid", e.messageId()).put("body", e.body())));
		}
		if (event instanceof MessageDeleted e) {
			return List.of(message(e.meta(), "chat_delete", e.roomId(), e.actorId(),
					body -> body.put("mid", e.messageId())));
		}
		if (event instanceof TaskCreated e) {
			return taskAdd(e);
		}
		if (event instanceof TaskCompleted e) {
			return List.of(message(e.meta(), "task_done", e.roomId(), e.accountId(),
					body -> body.put("tid", e.taskId())));
		}
		if (event instanceof ReadAdvanced e) {
			return List.of(message(e.meta(), "chat_read", e.roomId(), e.accountId(),
					body -> body.put("mid", e.lastReadMessageId())));
		}
		throw new IllegalStateException("no translation for " + event.getClass().getSimpleName());
	}

	private LegacyMessage roomAdd(RoomCreated e) {
		return message(e.meta(), "room_add", e.roomId(), e.creatorId(), body -> {
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
		return message(e.meta(), "room_edit", e.roomId(), e.actorId(), body -> {
			if (e.name() != null) {
				body.put("name", e.name());
			}
			if (e.description() != null) {
				body.put("description", e.description());
			}
		});
	}

	/** One {@code task_add} per assignee, in {@code assigneeIds} order, each with its own {@code #n} eid. */
	private List<LegacyMessage> taskAdd(TaskCreated e) {
		List<LegacyMessage> messages = new ArrayList<>(e.assigneeIds().size());
		for (int n = 1; n <= e.assigneeIds().size(); n++) {
			long assignee = e.assigneeIds().get(n - 1);
			messages.add(message(e.meta(), e.meta().id() + "#" + n, "task_add", e.roomId(), e.creatorId(),
					body -> body.put("tid", e.taskId())
						.put("to_aid", assignee)
						.put("body", e.body())
						.put("limit_time", (e.dueAt() != null) ? e.dueAt() : 0L)
						.put("mid", (e.messageId() != null) ? e.messageId() : 0L)));
		}
		return messages;
	}

	private LegacyMessage message(EventMeta meta, String cmd, long roomId, long actorId,
			Consumer<ObjectNode> members) {
		return message(meta, meta.id(), cmd, roomId, actorId, members);
	}

	private LegacyMessage message(EventMeta meta, String eid, String cmd, long roomId, long actorId,
			Consumer<ObjectNode> members) {
		ObjectNode body = json.createObjectNode();
		body.put("cmd", cmd).put("ver", 1).put("eid", eid).put("src", "falcon").put("ts", meta.time())
			.put("rid", roomId).put("aid", actorId);
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
	 * JSON escapes control characters already; SQS also refuses U+FFFE and U+FFFF in a body,
	 * which are valid Unicode that Falcon may send, so those two are written as {@code \\u} escapes.
	 */
	static final class QueueSafeEscapes extends CharacterEscapes {

		static final QueueSafeEscapes INSTANCE = new QueueSafeEscapes();

		private final int[] ascii = standardAsciiEscapesForJSON();

		@Override
		public int[] getEscapeCodesForAscii() {
			return ascii;
		}

		@Override
		public SerializableString getEscapeSequence(int ch) {
			return switch (ch) {
				case 0xFFFE -> new SerializedString("\\ufffe");
				case 0xFFFF -> new SerializedString("\\uffff");
				default -> null;
			};
		}

	}

}
