/** POST /events: content type, bounded read, signature and problem answers. */
@NullMarked
package io.aclgateway.relay.intake;

import org.jspecify.annotations.NullMarked;
