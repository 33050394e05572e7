package io.aclgateway.relay.translation;

import java.util.Map;

import io.aclgateway.relay.contract.Role;
import io.aclgateway.relay.contract.RoomKind;

/** The legacy system's numeric codes for Falcon's names (events.md section 3). */
final class LegacyCodes {

	static final Map<Role, Integer> ROLES = Map.of(Role.ADMIN, 1, Role.MEMBER, 2, Role.READONLY, 3);

	static final Map<RoomKind, Integer> ROOM_TYPES = Map.of(RoomKind.GROUP, 1, RoomKind.DIRECT, 2, RoomKind.SELF, 3);

	private LegacyCodes() {
	}

}
