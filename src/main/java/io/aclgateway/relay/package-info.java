/** Falcon's domain events in, legacy messages out (events.md). */
@NullMarked
package io.aclgateway.relay;

import org.jspecify.annotations.NullMarked;
