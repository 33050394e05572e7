package io.aclgateway.relay.view;

/**
 * Where a replica's room transitions go, for every replica to read: never blocks, never
 * fails the caller (a fact that cannot go is lost and counted).
 */
interface RoomFacts {

	void publish(RoomFact fact);

}
