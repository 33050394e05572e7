/**
 * The Kafka intake's per-room memory of what it delivered (events.md 5.2.3,
 * docs/design/relay-state.md 4 to 6): the pure per-room decision ({@link RoomState},
 * {@link RoomStates}), its JSON form, and the compacted state topic it lives in, written
 * only by the owner of the source partition, read back when a partition is assigned.
 */
@NullMarked
package io.aclgateway.relay.intake.kafka.state;

import org.jspecify.annotations.NullMarked;
