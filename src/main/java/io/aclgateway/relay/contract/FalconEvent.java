package io.aclgateway.relay.contract;

import java.util.List;

import org.jspecify.annotations.Nullable;

/** A validated Falcon domain event: one record per event type of events.md section 2. */
public sealed interface FalconEvent {

	EventMeta meta();

	/** The room the event belongs to; the legacy queue orders by it. */
	long roomId();

	/** Which of the catalog's types this event is. */
	default FalconEventType type() {
		return FalconEventType.of(this);
	}

	/** {@code falcon.room.created.v1}. */
	record RoomCreated(EventMeta meta, long roomId, RoomKind kind, String name, @Nullable String description,
			long creatorId, List<Member> members) implements FalconEvent {

		public RoomCreated {
			members = List.copyOf(members);
		}

	}

	/** One member of a created room. */
	record Member(long accountId, Role role) {
	}

	/** {@code falcon.room.updated.v1}: at least one of name and description changed. */
	record RoomUpdated(EventMeta meta, long roomId, long actorId, @Nullable String name,
			@Nullable String description) implements FalconEvent {
	}

	/** {@code falcon.room.deleted.v1}. */
	record RoomDeleted(EventMeta meta, long roomId, long actorId) implements FalconEvent {
	}

	/** {@code falcon.member.added.v1}. */
	record MemberAdded(EventMeta meta, long roomId, long actorId, long accountId, Role role) implements FalconEvent {
	}

	/** {@code falcon.member.removed.v1}. */
	record MemberRemoved(EventMeta meta, long roomId, long actorId, long accountId) implements FalconEvent {
	}

	/** {@code falcon.message.posted.v1}. */
	record MessagePosted(EventMeta meta, long roomId, long messageId, long authorId,
			String body) implements FalconEvent {
	}

	/** {@code falcon.message.edited.v1}. */
	record MessageEdited(EventMeta meta, long roomId, long messageId, long editorId,
			String body) implements FalconEvent {
	}

	/** {@code falcon.message.deleted.v1}. */
	record MessageDeleted(EventMeta meta, long roomId, long messageId, long actorId) implements FalconEvent {
	}

	/** {@code falcon.task.created.v1}; {@code dueAt} in Unix seconds. */
	record TaskCreated(EventMeta meta, long roomId, long taskId, long creatorId, List<Long> assigneeIds, String body,
			@Nullable Long dueAt, @Nullable Long messageId) implements FalconEvent {

		public TaskCreated {
			assigneeIds = List.copyOf(assigneeIds);
		}

	}

	/** {@code falcon.task.completed.v1}. */
	record TaskCompleted(EventMeta meta, long roomId, long taskId, long accountId) implements FalconEvent {
	}

	/** {@code falcon.read.advanced.v1}. */
	record ReadAdvanced(EventMeta meta, long roomId, long accountId, long lastReadMessageId) implements FalconEvent {
	}

}
