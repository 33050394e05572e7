/**
 * The routing file at run time: read at start-up, polled while running, swapped whole
 * into the rules in force when valid, refused whole when not, and shown read-only on the
 * management port ({@code /actuator/routing}). Knows nothing of the proxy.
 */
@NullMarked
package io.aclgateway.routing.reload;

import org.jspecify.annotations.NullMarked;
