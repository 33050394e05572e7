package io.aclgateway.relay.view;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.aclgateway.relay.core.RoomActivity;
import io.aclgateway.relay.core.RoomActivity.Activity;

import static org.assertj.core.api.Assertions.assertThat;

/** Busy if either says so; otherwise the shared view's answer, unknown included. */
class LocalOrSharedActivityTests {

	@Test
	void busyIfEitherIsBusyElseTheSharedViewsAnswer() {
		assertThat(combined(Activity.BUSY, Activity.UNKNOWN)).isEqualTo(Activity.BUSY);
		assertThat(combined(Activity.QUIET, Activity.BUSY)).isEqualTo(Activity.BUSY);
		assertThat(combined(Activity.QUIET, Activity.QUIET)).isEqualTo(Activity.QUIET);
		assertThat(combined(Activity.QUIET, Activity.UNKNOWN)).isEqualTo(Activity.UNKNOWN);
	}

	private static Activity combined(Activity local, Activity shared) {
		RoomActivity localLedger = (room, window) -> local;
		RoomActivity sharedView = (room, window) -> shared;
		return new LocalOrSharedActivity(localLedger, sharedView).activity(7, Duration.ofSeconds(10));
	}

}
