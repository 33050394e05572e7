package io.aclgateway.relay.intake.kafka;

import java.util.List;

import io.aclgateway.relay.release.Releases;
import io.aclgateway.relay.release.RoomRelease;

/** The releases in force as a test sets them, standing in for the release file. */
final class TestReleases implements Releases {

	private volatile List<RoomRelease> current = List.of();

	@Override
	public List<RoomRelease> current() {
		return current;
	}

	void set(RoomRelease... releases) {
		current = List.of(releases);
	}

}
