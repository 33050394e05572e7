/** Routing public requests to Falcon or legacy. */
@NullMarked
package io.aclgateway.routing;

import org.jspecify.annotations.NullMarked;
