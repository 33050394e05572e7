package io.aclgateway.routing.gateway;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.jspecify.annotations.Nullable;

import io.aclgateway.routing.rules.RoutingRules;

/** The routing rules in force, swapped whole on reload so that a request sees one file or the other. */
public class RoutingTable {

	private final AtomicReference<Snapshot> current;

	private final AtomicReference<@Nullable Rejection> lastRejection = new AtomicReference<>();

	public RoutingTable(RoutingRules initial, Instant loadedAt) {
		this.current = new AtomicReference<>(new Snapshot(initial, loadedAt));
	}

	public RoutingRules rules() {
		return current.get().rules();
	}

	public Snapshot snapshot() {
		return current.get();
	}

	public @Nullable Rejection lastRejection() {
		return lastRejection.get();
	}

	void apply(RoutingRules rules, Instant at) {
		current.set(new Snapshot(rules, at));
	}

	void reject(List<String> problems, Instant at) {
		lastRejection.set(new Rejection(problems, at));
	}

	/** Rules and when they came into force. */
	public record Snapshot(RoutingRules rules, Instant loadedAt) {
	}

	/** The last file that was refused, and why. */
	public record Rejection(List<String> problems, Instant at) {
	}

}
