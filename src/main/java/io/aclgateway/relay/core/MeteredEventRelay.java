package io.aclgateway.relay.core;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.Mono;

import io.aclgateway.relay.contract.FalconEventType;

/**
 * Counts each event by type and outcome ({@code acl_events_total}), whichever intake it
 * came from: the one place events are counted. An invalid batch counts every event of it
 * as rejected, since none was sent; a batch the translator failed counts every event as
 * failed (not sent, and not the events' fault); a batch refused for a duplicate id counts
 * none.
 */
public final class MeteredEventRelay implements EventRelay {

	/**
	 * The {@code outcome} tags: the per-event statuses of {@link EventFate#status()} and
	 * {@code rejected}.
	 */
	static final List<String> OUTCOMES = List.of("accepted", "rejected", "failed", "rejected_by_queue");

	static final String UNKNOWN_TYPE = "unknown";

	private final EventRelay delegate;

	/**
	 * Every (type, outcome) series, built once: counting is a map lookup, not a registry
	 * lookup.
	 */
	private final Map<String, Map<String, Counter>> counters = new HashMap<>();

	public MeteredEventRelay(EventRelay delegate, MeterRegistry meters) {
		this.delegate = delegate;
		// Every series exists at 0 from the start, so that rate() and alerts see the
		// first increase.
		for (FalconEventType type : FalconEventType.values()) {
			register(meters, type.wireName());
		}
		register(meters, UNKNOWN_TYPE);
	}

	private void register(MeterRegistry meters, String type) {
		Map<String, Counter> byOutcome = new HashMap<>();
		for (String outcome : OUTCOMES) {
			byOutcome.put(outcome, Counter.builder("acl.events")
				.description(
						"Falcon events received, by type and outcome (accepted, rejected, failed, rejected_by_queue)")
				.tag("type", type)
				.tag("outcome", outcome)
				.register(meters));
		}
		counters.put(type, Map.copyOf(byOutcome));
	}

	@Override
	public Mono<RelayOutcome> relay(List<IncomingEvent> batch) {
		return delegate.relay(batch).doOnNext(this::count);
	}

	private void count(RelayOutcome outcome) {
		if (outcome instanceof RelayOutcome.InvalidEvents invalid) {
			invalid.batch().forEach(event -> counter(typeTag(event), "rejected").increment());
		}
		else if (outcome instanceof RelayOutcome.TranslationFault fault) {
			fault.batch().forEach(event -> counter(typeTag(event), "failed").increment());
		}
		else if (outcome instanceof RelayOutcome.Relayed relayed) {
			relayed.events()
				.forEach(settled -> counter(typeTag(settled.incoming()), settled.fate().status()).increment());
		}
	}

	/**
	 * The metric tag of an event's type: one of the catalog's, or {@code unknown}, never
	 * free text.
	 */
	private static String typeTag(IncomingEvent event) {
		return event.type().map(FalconEventType::wireName).orElse(UNKNOWN_TYPE);
	}

	/**
	 * Type tags are the catalog's and outcomes a closed set, all registered in the
	 * constructor.
	 */
	private Counter counter(String type, String outcome) {
		return Objects.requireNonNull(Objects.requireNonNull(counters.get(type), type).get(outcome), outcome);
	}

}
