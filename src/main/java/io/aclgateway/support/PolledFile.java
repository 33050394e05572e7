package io.aclgateway.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A file an operator edits while the gateway runs (the routing file, the relay's release
 * file), polled for its bytes rather than watched for file-system events, because a
 * Kubernetes ConfigMap update swaps a symlink that watch services do not reliably report.
 * It says what changed; what a change means (parse, apply, refuse, count) is the owner's.
 */
public final class PolledFile {

	private static final Logger logger = LoggerFactory.getLogger(PolledFile.class);

	private final Path file;

	private final Duration interval;

	private final String threadName;

	private final Changes changes;

	private byte @Nullable [] lastSeen;

	// Set while the file cannot be read, so that one unreadable spell is reported once,
	// not once per check.
	private boolean unreadable;

	private @Nullable ScheduledExecutorService poller;

	/**
	 * A file whose content is already known to be {@code initial} ({@code null}: no
	 * file), checked every {@code interval} once started.
	 */
	public PolledFile(Path file, byte @Nullable [] initial, Duration interval, String threadName, Changes changes) {
		this.file = file;
		this.lastSeen = initial;
		this.interval = interval;
		this.threadName = threadName;
		this.changes = changes;
	}

	/** The file's bytes, or {@code null} when there is no file at all. */
	public static byte @Nullable [] read(Path file) throws IOException {
		try {
			return Files.readAllBytes(file);
		}
		catch (NoSuchFileException ex) {
			return null;
		}
	}

	/**
	 * Checks the file once; called by the poller, and by tests that do not want to wait.
	 */
	public synchronized void check() {
		byte[] content;
		try {
			content = read(file);
		}
		catch (IOException ex) {
			// When it can be read again it is reported afresh, even if unchanged, so that
			// the owner no longer shows the refusal as the latest word.
			lastSeen = null;
			if (!unreadable) {
				unreadable = true;
				changes.unreadable(ex);
			}
			return;
		}
		unreadable = false;
		if (content == null) {
			if (lastSeen != null) {
				changes.disappeared();
			}
			lastSeen = null;
			return;
		}
		if (Arrays.equals(content, lastSeen)) {
			return;
		}
		lastSeen = content;
		changes.changed(content);
	}

	/** Starts checking every interval, on a daemon thread of its own. */
	public synchronized void start() {
		if (poller != null) {
			return;
		}
		ScheduledExecutorService started = Executors.newSingleThreadScheduledExecutor(task -> {
			Thread thread = new Thread(task, threadName);
			thread.setDaemon(true);
			return thread;
		});
		long millis = interval.toMillis();
		started.scheduleWithFixedDelay(this::checkSafely, millis, millis, TimeUnit.MILLISECONDS);
		poller = started;
	}

	private void checkSafely() {
		try {
			check();
		}
		catch (RuntimeException ex) {
			// A scheduled task that throws is never run again; the poller must outlive
			// any surprise.
			logger.error("Check of {} failed; will try again", file, ex);
		}
	}

	/** Stops checking. */
	public synchronized void stop() {
		if (poller != null) {
			poller.shutdownNow();
			poller = null;
		}
	}

	/** Whether the file is being checked. */
	public synchronized boolean isRunning() {
		return poller != null;
	}

	/** What the owner of the file is told, from the poller's thread. */
	public interface Changes {

		/**
		 * The file has new content (or is readable again after a spell when it was not).
		 */
		void changed(byte[] content);

		/** The file was there and is gone. */
		void disappeared();

		/** The file is there but cannot be read; said once per unreadable spell. */
		void unreadable(IOException ex);

	}

}
