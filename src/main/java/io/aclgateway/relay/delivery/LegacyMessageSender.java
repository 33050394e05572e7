package io.aclgateway.relay.delivery;

import java.util.List;

import reactor.core.publisher.Mono;

import io.aclgateway.relay.translation.LegacyMessage;

/**
 * Puts legacy messages on their queues. The port between the relay and the queue
 * technology.
 */
public interface LegacyMessageSender {

	/**
	 * Sends the messages, keeping their order within each room, and reports which ones
	 * the queue acknowledged. Never fails: a message that could not be sent is reported
	 * as not acknowledged.
	 */
	Mono<DeliveryReport> send(List<LegacyMessage> messages);

}
