package io.aclgateway.relay.release;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;

import io.aclgateway.support.PolledFile;

/**
 * The {@link Releases} in force, kept in step with the release file ({@link PolledFile}):
 * a valid file replaces them whole, an invalid one is refused whole and the previous
 * releases stay. Unlike the routing file, a file that is invalid or unreadable at
 * start-up does not stop the relay (releasing nothing only keeps held rooms held, while a
 * relay that does not start holds every room); it is refused and counted like a change.
 */
class ReleaseFileWatcher implements Releases, SmartLifecycle, PolledFile.Changes {

	/** How often the file is checked: releasing a room is not a matter of seconds. */
	static final Duration CHECK_INTERVAL = Duration.ofSeconds(2);

	private static final Logger logger = LoggerFactory.getLogger(ReleaseFileWatcher.class);

	private final Path file;

	private final ReleaseFileParser parser;

	private final Counter applied;

	private final Counter rejected;

	private final PolledFile polled;

	/** Only ever replaced whole; volatile is enough, nothing compares and sets it. */
	private volatile List<RoomRelease> current = List.of();

	ReleaseFileWatcher(Path file, ReleaseFileParser parser, MeterRegistry meters, Duration interval) {
		this.file = file;
		this.parser = parser;
		this.applied = reloads(meters, "applied");
		this.rejected = reloads(meters, "rejected");
		byte @Nullable [] initial = null;
		try {
			initial = PolledFile.read(file);
			if (initial == null) {
				logger.info("Release file {} does not exist: no room releases", file);
			}
			else {
				changed(initial);
			}
		}
		catch (IOException ex) {
			unreadable(ex);
		}
		this.polled = new PolledFile(file, initial, interval, "release-file-watcher", this);
	}

	private static Counter reloads(MeterRegistry meters, String outcome) {
		return Counter.builder("acl.relay.release.reloads")
			.description("Release file readings, by whether they were applied or rejected")
			.tag("outcome", outcome)
			.register(meters);
	}

	@Override
	public List<RoomRelease> current() {
		return current;
	}

	/**
	 * Checks the file once; called by the poller, and by tests that do not want to wait.
	 */
	void check() {
		polled.check();
	}

	@Override
	public void changed(byte[] content) {
		try {
			List<RoomRelease> releases = parser.parse(content);
			current = releases;
			applied.increment();
			logger.info("Release file {} in force: {} {}", file, releases.size(),
					(releases.size() == 1) ? "release" : "releases");
		}
		catch (InvalidReleaseFileException ex) {
			refuse(ex.problems());
		}
	}

	/** No file: no releases, as at start-up; a room already released stays released. */
	@Override
	public void disappeared() {
		current = List.of();
		applied.increment();
		logger.info("Release file {} removed: no room releases", file);
	}

	@Override
	public void unreadable(IOException ex) {
		refuse(List.of("file: cannot be read (" + ex + ")"));
	}

	private void refuse(List<String> problems) {
		rejected.increment();
		logger.error("Release file {} rejected as a whole, the previous {} {} stay in force ({} {}): {}", file,
				current.size(), (current.size() == 1) ? "release" : "releases", problems.size(),
				(problems.size() == 1) ? "problem" : "problems", String.join("; ", problems));
	}

	@Override
	public void start() {
		polled.start();
	}

	@Override
	public void stop() {
		polled.stop();
	}

	@Override
	public boolean isRunning() {
		return polled.isRunning();
	}

}
