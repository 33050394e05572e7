package io.aclgateway.relay.delivery;

import java.util.Optional;

import io.aclgateway.relay.contract.EventProblem;
import io.aclgateway.relay.translation.LegacyMessage;

/**
 * What the queue side would refuse about a message, asked before anything of a batch is
 * sent, so that such an event is refused up front (today: the consumers' size limit). The
 * legacy JSON Schema is not such a check: a message it refuses is the translator's fault,
 * not the event's ({@code TranslatingEventRelay}, {@code LegacySchema}).
 */
@FunctionalInterface
public interface MessageCheck {

	/** Every message passes. */
	MessageCheck NONE = message -> Optional.empty();

	/**
	 * The problem that refuses the message's event, or empty when the message may be
	 * sent.
	 */
	Optional<EventProblem> problem(LegacyMessage message);

}
