package io.aclgateway.routing.reload;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.jspecify.annotations.Nullable;

import io.aclgateway.routing.rules.RoutingRules;

/**
 * The routing rules in force, swapped whole on reload so that a request sees one file or
 * the other.
 */
public class LiveRoutingRules {

	/** Only ever replaced whole; volatile is enough, nothing compares and sets it. */
	private volatile Snapshot current;

	private final AtomicReference<@Nullable Rejection> lastRejection = new AtomicReference<>();

	LiveRoutingRules(RoutingRules initial, Instant loadedAt) {
		this.current = new Snapshot(initial, loadedAt);
	}

	/** The rules in force now. */
	public RoutingRules rules() {
		return current.rules();
	}

	/** The rules in force and when they came into force, read together. */
	public Snapshot snapshot() {
		return current;
	}

	/** The last file refused since start-up, or {@code null}. */
	public @Nullable Rejection lastRejection() {
		return lastRejection.get();
	}

	void apply(RoutingRules rules, Instant at) {
		current = new Snapshot(rules, at);
		lastRejection.updateAndGet(rejection -> (rejection != null && rejection.supersededBy() == null)
				? rejection.supersededBy(rules.version(), at) : rejection);
	}

	void reject(List<String> problems, Instant at) {
		lastRejection.set(new Rejection(problems, at, null, null));
	}

	/** Rules and when they came into force. */
	public record Snapshot(RoutingRules rules, Instant loadedAt) {
	}

	/**
	 * The last file that was refused, and why.
	 *
	 * @param problems each problem as {@code field: reason}
	 * @param at when the file was refused
	 * @param supersededBy the version of the first file applied after it, or {@code null}
	 * while the refusal is the latest word
	 * @param supersededAt when that file was applied, or {@code null}
	 */
	public record Rejection(List<String> problems, Instant at, @Nullable String supersededBy,
			@Nullable Instant supersededAt) {

		Rejection supersededBy(String version, Instant when) {
			return new Rejection(problems, at, version, when);
		}

	}

}
