/** Spring Cloud Gateway wiring: the routes, live reload, forwarding, resilience and the routing view. */
@NullMarked
package io.aclgateway.routing.gateway;

import org.jspecify.annotations.NullMarked;
