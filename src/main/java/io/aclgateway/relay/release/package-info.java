/**
 * Operators' releases of rooms the relay holds behind an event it could not deliver: the
 * values and the port the Kafka intake reads them through.
 */
@NullMarked
package io.aclgateway.relay.release;

import org.jspecify.annotations.NullMarked;
