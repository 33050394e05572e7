/**
 * Request hygiene: what an upstream receives is held to what it can read safely, before
 * it is forwarded: paths with one meaning, public host names, no header names with
 * underscores, forwarding headers only from trusted proxies, and bodies within their size
 * limit; and {@code POST /events} in any spelling of that path is the events endpoint,
 * never forwarded.
 */
@NullMarked
package io.aclgateway.routing.hygiene;

import org.jspecify.annotations.NullMarked;
