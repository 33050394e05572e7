/**
 * The Kafka adapter of the relay (events.md 5): CloudEvents records from Falcon's event
 * log read into the same documents {@code POST /events} takes, relayed through the use
 * case, and each partition's offset committed only below what the queue acknowledged; a
 * record that can never be delivered is dead-lettered and holds only its room, whose
 * records wait in the parking topic until an operator releases it.
 */
@NullMarked
package io.aclgateway.relay.intake.kafka;

import org.jspecify.annotations.NullMarked;
