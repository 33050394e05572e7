/**
 * The relay's use case, free of HTTP and AWS: a batch of incoming events (each with where
 * it came from) is read, translated, checked and sent, and every event comes back with
 * its fate; the per-room state port (in memory today; the durable one of
 * docs/design/relay-state.md is next) that the Kafka intake and shadow reads share; the
 * metered decorator; the dead-letter port, for events an intake will not deliver.
 */
@NullMarked
package io.aclgateway.relay.core;

import org.jspecify.annotations.NullMarked;
