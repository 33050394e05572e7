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
 * {@code type} and the record it is read into. Reader, translator and metric tags derive
 * from it; an exhaustive {@code switch} over it is how a new constant finds every place
 * that must handle it.
 */
public enum FalconEventType {

	ROOM_CREATED("falcon.room.created.v1", RoomCreated.class),

	ROOM_UPDATED("falcon.room.updated.v1", RoomUpdated.class),

	ROOM_DELETED("falcon.room.deleted.v1", RoomDeleted.class),

	MEMBER_ADDED("falcon.member.added.v1", MemberAdded.class),

	MEMBER_REMOVED("falcon.member.removed.v1", MemberRemoved.class),

	MESSAGE_POSTED("falcon.message.posted.v1", MessagePosted.class),

	MESSAGE_EDITED("falcon.message.edited.v1", MessageEdited.class),

	MESSAGE_DELETED("falcon.message.deleted.v1", MessageDeleted.class),

	TASK_CREATED("falcon.task.created.v1", TaskCreated.class),

	TASK_COMPLETED("falcon.task.completed.v1", TaskCompleted.class),

	READ_ADVANCED("falcon.read.advanced.v1", ReadAdvanced.class);

	private static final Map<String, FalconEventType> BY_WIRE_NAME = Arrays.stream(values())
		.collect(Collectors.toUnmodifiableMap(FalconEventType::wireName, Function.identity()));

	private static final Map<Class<? extends FalconEvent>, FalconEventType> BY_RECORD = Arrays.stream(values())
		.collect(Collectors.toUnmodifiableMap(FalconEventType::recordType, Function.identity()));

	private final String wireName;

	private final Class<? extends FalconEvent> recordType;

	FalconEventType(String wireName, Class<? extends FalconEvent> recordType) {
		this.wireName = wireName;
		this.recordType = recordType;
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
