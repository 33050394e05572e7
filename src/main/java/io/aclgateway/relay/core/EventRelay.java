package io.aclgateway.relay.core;

import java.util.List;

import reactor.core.publisher.Mono;

/**
 * The relay's use case: Falcon events in, legacy messages out on the queue, one outcome
 * back. Each intake ({@code POST /events} now, Kafka next) is an adapter around it.
 */
public interface EventRelay {

	/**
	 * Validates and translates every event of the batch before anything is sent; sends
	 * the messages only when every event is valid, and tells each event's fate. Never
	 * fails: the queue's troubles are fates.
	 */
	Mono<RelayOutcome> relay(List<IncomingEvent> batch);

}
