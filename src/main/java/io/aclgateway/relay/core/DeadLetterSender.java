package io.aclgateway.relay.core;

import reactor.core.publisher.Mono;

/**
 * Puts an undeliverable event on the dead-letter queue, for operators; it is the Kafka
 * intake's port, beside {@link EventRelay}, so that an intake reaches every queue through
 * the relay's own types.
 */
public interface DeadLetterSender {

	/** Completes when the queue acknowledged the dead letter, fails when it did not. */
	Mono<Void> send(DeadLetter letter);

}
