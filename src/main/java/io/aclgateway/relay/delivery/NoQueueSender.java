package io.aclgateway.relay.delivery;

import java.util.List;

import reactor.core.publisher.Mono;

import io.aclgateway.relay.translation.LegacyMessage;

/**
 * The sender when no legacy queue is configured: every message is reported as not sent,
 * so the relay answers "unavailable" (a 503 from {@code POST /events}) instead of a
 * missing sender being a special case everywhere.
 */
public final class NoQueueSender implements LegacyMessageSender {

	@Override
	public Mono<DeliveryReport> send(List<LegacyMessage> messages) {
		return Mono.just(DeliveryReport.all(messages, DeliveryReport.Outcome.NO_QUEUE));
	}

}
