/** How a request's platform, version and cohort keys are read (clients.md); pure Java. */
@NullMarked
package io.aclgateway.routing.client;

import org.jspecify.annotations.NullMarked;
