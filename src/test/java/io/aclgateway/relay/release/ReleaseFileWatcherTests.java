package io.aclgateway.relay.release;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The release file's changes reach the releases in force whole or not at all, each check
 * triggered directly: nothing here waits for the poller.
 */
class ReleaseFileWatcherTests {

	private static final String SKIP_4711 = "releases:\n  - {room: 4711, eid: e1, action: skip, reason: OPS-1}\n";

	private static final String REDELIVER_4712 = "releases:\n  - {room: 4712, offset: 9, action: redeliver, "
			+ "reason: OPS-2}\n  - {room: 4711, eid: e1, action: skip, reason: OPS-1}\n";

	/** The second entry is wrong: the first, valid, must not be applied either. */
	private static final String HALF_WRONG = "releases:\n  - {room: 4713, eid: e3, action: skip, reason: OPS-3}\n"
			+ "  - {room: 0, eid: e4, action: skip, reason: OPS-4}\n";

	@TempDir
	Path dir;

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private Path file() {
		return dir.resolve("relay-releases.yml");
	}

	private void write(String content) throws IOException {
		Files.writeString(file(), content, StandardCharsets.UTF_8);
	}

	private ReleaseFileWatcher watcher() {
		return new ReleaseFileWatcher(file(), new ReleaseFileParser(), meters, Duration.ofSeconds(1));
	}

	private double reloads(String outcome) {
		return meters.get("acl.relay.release.reloads").tag("outcome", outcome).counter().count();
	}

	private static long[] rooms(Releases releases) {
		return releases.current().stream().mapToLong(RoomRelease::roomId).toArray();
	}

	@Test
	void aMissingFileReleasesNothingAndIsNoError() {
		ReleaseFileWatcher watcher = watcher();

		assertThat(watcher.current()).isEmpty();
		assertThat(reloads("applied")).isZero();
		assertThat(reloads("rejected")).isZero();
	}

	@Test
	void readsTheFileAtStartUp() throws IOException {
		write(SKIP_4711);

		assertThat(rooms(watcher())).containsExactly(4711);
		assertThat(reloads("applied")).isEqualTo(1);
	}

	@Test
	void aValidChangeIsPickedUpWhole() throws IOException {
		write(SKIP_4711);
		ReleaseFileWatcher watcher = watcher();

		write(REDELIVER_4712);
		watcher.check();

		assertThat(rooms(watcher)).containsExactly(4712, 4711);
		assertThat(watcher.current().get(0).action()).isEqualTo(RoomRelease.Action.REDELIVER);
		assertThat(reloads("applied")).isEqualTo(2);
	}

	@Test
	void anInvalidFileKeepsThePreviousReleasesAndCountsRejected() throws IOException {
		write(SKIP_4711);
		ReleaseFileWatcher watcher = watcher();

		write(HALF_WRONG);
		watcher.check();

		assertThat(rooms(watcher)).containsExactly(4711);
		assertThat(reloads("rejected")).isEqualTo(1);
		assertThat(reloads("applied")).isEqualTo(1);

		// Checked again unchanged: one rejection per file, not one per check.
		watcher.check();
		assertThat(reloads("rejected")).isEqualTo(1);

		write(REDELIVER_4712);
		watcher.check();
		assertThat(rooms(watcher)).containsExactly(4712, 4711);
	}

	@Test
	void anInvalidFileAtStartUpIsRefusedWithoutStoppingTheRelay() throws IOException {
		write(HALF_WRONG);

		ReleaseFileWatcher watcher = watcher();

		assertThat(watcher.current()).isEmpty();
		assertThat(reloads("rejected")).isEqualTo(1);

		write(SKIP_4711);
		watcher.check();
		assertThat(rooms(watcher)).containsExactly(4711);
	}

	@Test
	void aRemovedFileReleasesNothing() throws IOException {
		write(SKIP_4711);
		ReleaseFileWatcher watcher = watcher();

		Files.delete(file());
		watcher.check();

		assertThat(watcher.current()).isEmpty();
	}

	@Test
	void anUnreadableFileIsOneRejectionAndKeepsTheReleases() throws IOException {
		write(SKIP_4711);
		ReleaseFileWatcher watcher = watcher();

		// A directory in the file's place: there, but not readable as a file.
		Files.delete(file());
		Files.createDirectory(file());
		watcher.check();
		watcher.check();

		assertThat(rooms(watcher)).containsExactly(4711);
		assertThat(reloads("rejected")).isEqualTo(1);
	}

	@Test
	void bothOutcomesAreRegisteredAtZero() {
		watcher();

		assertThat(meters.get("acl.relay.release.reloads").counters()).hasSize(2);
	}

}
