package io.aclgateway.relay.contract;

/** A member's role in a room, as Falcon names it. */
public enum Role {

	ADMIN, MEMBER, READONLY

}
