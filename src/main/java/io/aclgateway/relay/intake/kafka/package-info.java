/**
 * The Kafka adapter of the relay (events.md 5): CloudEvents records from Falcon's event
 * log read into the same documents {@code POST /events} takes, relayed through the use
 * case, and each partition's offset committed only below what the queue acknowledged.
 */
@NullMarked
package io.aclgateway.relay.intake.kafka;

import org.jspecify.annotations.NullMarked;
