package io.aclgateway.relay.contract;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

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
 * The one catalog of Falcon event types (events.md section 2): each CloudEvents
 * {@code type}, the record it is read into and how its {@code data} is read. Reader,
 * translator and metric tags derive from it; a new type is a record, a constant here and
 * a case in the translator's exhaustive {@code switch}, which does not compile without
 * it.
 */
public enum FalconEventType {

	ROOM_CREATED("falcon.room.created.v1", RoomCreated.class, FalconEventReader::roomCreated),

	ROOM_UPDATED("falcon.room.updated.v1", RoomUpdated.class, FalconEventReader::roomUpdated),

	ROOM_DELETED("falcon.room.deleted.v1", RoomDeleted.class,
			(meta, d) -> new RoomDeleted(meta, d.id("roomId"), d.id("actorId"))),

	MEMBER_ADDED("falcon.member.added.v1", MemberAdded.class,
			(meta, d) -> new MemberAdded(meta, d.id("roomId"), d.id("actorId"), d.id("accountId"), d.role("role"))),

	MEMBER_REMOVED("falcon.member.removed.v1", MemberRemoved.class,
			(meta, d) -> new MemberRemoved(meta, d.id("roomId"), d.id("actorId"), d.id("accountId"))),

	MESSAGE_POSTED("falcon.message.posted.v1", MessagePosted.class,
			(meta, d) -> new MessagePosted(meta, d.id("roomId"), d.id("messageId"), d.id("authorId"), d.body("body"))),

	MESSAGE_EDITED("falcon.message.edited.v1", MessageEdited.class,
			(meta, d) -> new MessageEdited(meta, d.id("roomId"), d.id("messageId"), d.id("editorId"), d.body("body"))),

	MESSAGE_DELETED("falcon.message.deleted.v1", MessageDeleted.class,
			(meta, d) -> new MessageDeleted(meta, d.id("roomId"), d.id("messageId"), d.id("actorId"))),

	TASK_CREATED("falcon.task.created.v1", TaskCreated.class, FalconEventReader::taskCreated),

	TASK_COMPLETED("falcon.task.completed.v1", TaskCompleted.class,
			(meta, d) -> new TaskCompleted(meta, d.id("roomId"), d.id("taskId"), d.id("accountId"))),

	READ_ADVANCED("falcon.read.advanced.v1", ReadAdvanced.class,
			(meta, d) -> new ReadAdvanced(meta, d.id("roomId"), d.id("accountId"), d.id("lastReadMessageId")));

	private static final Map<String, FalconEventType> BY_WIRE_NAME = Arrays.stream(values())
		.collect(Collectors.toUnmodifiableMap(FalconEventType::wireName, Function.identity()));

	private static final Map<Class<? extends FalconEvent>, FalconEventType> BY_RECORD = Arrays.stream(values())
		.collect(Collectors.toUnmodifiableMap(FalconEventType::recordType, Function.identity()));

	private final String wireName;

	private final Class<? extends FalconEvent> recordType;

	private final FalconEventReader.DataReader data;

	FalconEventType(String wireName, Class<? extends FalconEvent> recordType, FalconEventReader.DataReader data) {
		this.wireName = wireName;
		this.recordType = recordType;
		this.data = data;
	}

	/** Reads an event of this type from its envelope and its {@code data}. */
	FalconEvent read(EventMeta meta, FalconEventReader.Data data) {
		return this.data.read(meta, data);
	}

	/**
	 * The CloudEvents {@code type} Falcon sends, e.g. {@code falcon.message.posted.v1}.
	 */
	public String wireName() {
		return wireName;
	}

	/** The record an event of this type is read into. */
	public Class<? extends FalconEvent> recordType() {
		return recordType;
	}

	/**
	 * The type a CloudEvents {@code type} names, or empty when Falcon sends no such type.
	 */
	public static Optional<FalconEventType> fromWireName(String wireName) {
		return Optional.ofNullable(BY_WIRE_NAME.get(wireName));
	}

	/** The type of a read event. */
	static FalconEventType of(FalconEvent event) {
		FalconEventType type = BY_RECORD.get(event.getClass());
		if (type == null) {
			throw new IllegalStateException(event.getClass().getSimpleName() + " has no FalconEventType constant");
		}
		return type;
	}

}
