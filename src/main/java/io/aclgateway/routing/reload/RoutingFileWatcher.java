package io.aclgateway.routing.reload;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;

import io.aclgateway.routing.rules.InvalidRoutingFileException;
import io.aclgateway.routing.rules.RoutingFileParser;
import io.aclgateway.routing.rules.RoutingRules;
import io.aclgateway.support.PolledFile;

/**
 * Keeps the {@link LiveRoutingRules} in step with the routing file, polled
 * ({@link PolledFile}).
 */
class RoutingFileWatcher implements SmartLifecycle, PolledFile.Changes {

	private static final Logger logger = LoggerFactory.getLogger(RoutingFileWatcher.class);

	private final Path file;

	private final RoutingFileParser parser;

	private final LiveRoutingRules live;

	private final Clock clock;

	private final Counter applied;

	private final Counter rejected;

	private final PolledFile polled;

	/**
	 * Reads the file once; an invalid or unreadable file stops start-up with a message
	 * naming each problem.
	 */
	RoutingFileWatcher(RoutingProperties properties, RoutingFileParser parser, MeterRegistry meters, Clock clock) {
		this.file = properties.file();
		this.parser = parser;
		this.clock = clock;
		this.applied = reloads(meters, "applied");
		this.rejected = reloads(meters, "rejected");
		byte @Nullable [] initial = readAtStartUp(properties.file());
		this.live = new LiveRoutingRules(initialRules(initial), clock.instant());
		this.polled = new PolledFile(file, initial, properties.reloadInterval(), "routing-file-watcher", this);
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
			return PolledFile.read(file);
		}
		catch (IOException ex) {
			throw new IllegalStateException("Routing file " + file.toAbsolutePath() + " cannot be read, so the gateway "
					+ "will not start: " + ex, ex);
		}
	}

	private RoutingRules initialRules(byte @Nullable [] initial) {
		if (initial == null) {
			logger.warn("Routing file {} does not exist: every request goes to legacy until it does", file);
			return RoutingRules.missingFile();
		}
		try {
			RoutingRules rules = parser.parse(initial);
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
	void check() {
		polled.check();
	}

	@Override
	public void changed(byte[] content) {
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

	@Override
	public void disappeared() {
		logger.warn("Routing file {} disappeared; the rules in force stay until it is back", file);
	}

	/**
	 * A file that is there but cannot be read is a rejected file: the rules in force
	 * stay, and the operator sees why (log, metric, routing view) once per unreadable
	 * spell. When it can be read again it is applied afresh, even if unchanged, so that
	 * the view no longer shows the rejection as the latest word.
	 */
	@Override
	public void unreadable(IOException ex) {
		live.reject(List.of("file: cannot be read (" + ex + ")"), clock.instant());
		rejected.increment();
		logger.error("Routing file {} cannot be read, the previous rules (version {}) stay in force: {}", file,
				live.rules().version(), ex.toString());
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
