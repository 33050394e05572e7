/** The port to the legacy queue and its metering and resilience decorators. */
@NullMarked
package io.aclgateway.relay.delivery;

import org.jspecify.annotations.NullMarked;
