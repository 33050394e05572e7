package io.aclgateway.routing.reload;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;

import io.aclgateway.routing.rules.InvalidRoutingFileException;
import io.aclgateway.routing.rules.RoutingFileParser;
import io.aclgateway.routing.rules.RoutingRules;

/**
 * Keeps the {@link LiveRoutingRules} in step with the routing file. It polls the file's
 * bytes rather than relying on file-system events, because a Kubernetes ConfigMap update
 * swaps a symlink that watch services do not reliably report.
 */
class RoutingFileWatcher implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(RoutingFileWatcher.class);

	private final Path file;

	private final RoutingProperties properties;

	private final RoutingFileParser parser;

	private final LiveRoutingRules live;

	private final Clock clock;

	private final Counter applied;

	private final Counter rejected;

	private byte @Nullable [] lastSeen;

	// Set while the file cannot be read, so that one unreadable spell is one rejection,
	// not one per check.
	private boolean unreadable;

	private @Nullable ScheduledExecutorService poller;

	/**
	 * Reads the file once; an invalid or unreadable file stops start-up with a message
	 * naming each problem.
	 */
	RoutingFileWatcher(RoutingProperties properties, RoutingFileParser parser, MeterRegistry meters, Clock clock) {
		this.file = properties.file();
		this.properties = properties;
		this.parser = parser;
		this.clock = clock;
		this.applied = reloads(meters, "applied");
		this.rejected = reloads(meters, "rejected");
		this.lastSeen = readAtStartUp(properties.file());
		this.live = new LiveRoutingRules(initialRules(), clock.instant());
	}

	private static Counter reloads(MeterRegistry meters, String outcome) {
		return Counter.builder("acl.routing.reloads")
			.description("Routing file changes seen at run time, by whether they were applied or rejected")
			.tag("outcome", outcome)
			.register(meters);
	}

	// Only a truly absent file means the empty default; one that is there but unreadable
	// (permissions, a directory
	// in its place) would silently send everyone to legacy, so it stops the start
	// instead.
	private static byte @Nullable [] readAtStartUp(Path file) {
		try {
			return read(file);
		}
		catch (IOException ex) {
			throw new IllegalStateException("Routing file " + file.toAbsolutePath() + " cannot be read, so the gateway "
					+ "will not start: " + ex, ex);
		}
	}

	private RoutingRules initialRules() {
		if (lastSeen == null) {
			logger.warn("Routing file {} does not exist: every request goes to legacy until it does", file);
			return RoutingRules.missingFile();
		}
		try {
			RoutingRules rules = parser.parse(lastSeen);
			logger.info("Routing file {} in force: version {}, mode {}, {} rules", file, rules.version(),
					rules.mode().wireName(), rules.rules().size());
			return rules;
		}
		catch (InvalidRoutingFileException ex) {
			throw new IllegalStateException("Routing file " + file.toAbsolutePath() + " is invalid, so the gateway "
					+ "will not start: " + String.join("; ", ex.problems()), ex);
		}
	}

	/** The rules in force, kept in step with the file. */
	LiveRoutingRules live() {
		return live;
	}

	/**
	 * Checks the file once; called by the poller, and by tests that do not want to wait.
	 */
	synchronized void check() {
		byte[] content;
		try {
			content = read(file);
		}
		catch (IOException ex) {
			rejectUnreadable(ex);
			return;
		}
		unreadable = false;
		if (content == null) {
			if (lastSeen != null) {
				logger.warn("Routing file {} disappeared; the rules in force stay until it is back", file);
			}
			lastSeen = null;
			return;
		}
		if (Arrays.equals(content, lastSeen)) {
			return;
		}
		lastSeen = content;
		try {
			RoutingRules rules = parser.parse(content);
			live.apply(rules, clock.instant());
			applied.increment();
			logger.info("Routing file {} reloaded: version {}, mode {}, {} rules", file, rules.version(),
					rules.mode().wireName(), rules.rules().size());
		}
		catch (InvalidRoutingFileException ex) {
			live.reject(ex.problems(), clock.instant());
			rejected.increment();
			logger.error("Routing file {} rejected, the previous rules (version {}) stay in force: {}", file,
					live.rules().version(), String.join("; ", ex.problems()));
		}
	}

	/**
	 * A file that is there but cannot be read is a rejected file: the rules in force
	 * stay, and the operator sees why (log, metric, routing view) once per unreadable
	 * spell. When it can be read again it is applied afresh, even if unchanged, so that
	 * the view no longer shows the rejection as the latest word.
	 */
	private void rejectUnreadable(IOException ex) {
		lastSeen = null;
		if (unreadable) {
			return;
		}
		unreadable = true;
		live.reject(List.of("file: cannot be read (" + ex + ")"), clock.instant());
		rejected.increment();
		logger.error("Routing file {} cannot be read, the previous rules (version {}) stay in force: {}", file,
				live.rules().version(), ex.toString());
	}

	/** The file's bytes, or {@code null} when there is no file at all. */
	private static byte @Nullable [] read(Path file) throws IOException {
		try {
			return Files.readAllBytes(file);
		}
		catch (NoSuchFileException ex) {
			return null;
		}
	}

	@Override
	public synchronized void start() {
		poller = Executors.newSingleThreadScheduledExecutor(task -> {
			Thread thread = new Thread(task, "routing-file-watcher");
			thread.setDaemon(true);
			return thread;
		});
		long interval = properties.reloadInterval().toMillis();
		poller.scheduleWithFixedDelay(this::checkSafely, interval, interval, TimeUnit.MILLISECONDS);
	}

	private void checkSafely() {
		try {
			check();
		}
		catch (RuntimeException ex) {
			// A scheduled task that throws is never run again; the watcher must outlive
			// any surprise.
			logger.error("Routing file check failed; will try again", ex);
		}
	}

	@Override
	public synchronized void stop() {
		if (poller != null) {
			poller.shutdownNow();
			poller = null;
		}
	}

	@Override
	public synchronized boolean isRunning() {
		return poller != null;
	}

}
