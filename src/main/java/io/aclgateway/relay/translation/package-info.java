/** Falcon events to legacy messages, one mapping per event type; pure Java. */
@NullMarked
package io.aclgateway.relay.translation;

import org.jspecify.annotations.NullMarked;
