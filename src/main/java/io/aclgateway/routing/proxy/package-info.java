/**
 * The proxy pipeline: the decision made once per exchange, the two gateway routes, the
 * upstream HTTP client, the pipeline's order
 * ({@link io.aclgateway.routing.proxy.ProxyPipeline}) and what every stage shares (the
 * answer in the target's dialect, the count of the gateway's own answers, the upstreams'
 * settings). The other rooms of routing build on this one, never the reverse.
 */
@NullMarked
package io.aclgateway.routing.proxy;

import org.jspecify.annotations.NullMarked;
