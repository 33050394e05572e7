package io.aclgateway.relay.view;

import java.time.Duration;

import io.aclgateway.relay.core.RoomActivity;

/**
 * A room's activity when Kafka is configured: this replica's own ledger (exact, no lag)
 * or the shared view of every replica's facts. Busy if either says so; when this replica
 * knows nothing of the room, the view's answer, unknown when the view is too far behind.
 */
final class LocalOrSharedActivity implements RoomActivity {

	private final RoomActivity local;

	private final RoomActivity shared;

	LocalOrSharedActivity(RoomActivity local, RoomActivity shared) {
		this.local = local;
		this.shared = shared;
	}

	@Override
	public Activity activity(long roomId, Duration window) {
		Activity own = local.activity(roomId, window);
		return (own == Activity.BUSY) ? own : shared.activity(roomId, window);
	}

}
