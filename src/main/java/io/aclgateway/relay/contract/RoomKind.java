package io.aclgateway.relay.contract;

/** The kind of a room, as Falcon names it. */
public enum RoomKind {

	GROUP, DIRECT, SELF

}
