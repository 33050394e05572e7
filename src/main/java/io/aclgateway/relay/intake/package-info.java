/**
 * {@code POST /events}, the HTTP adapter of the relay: content type, bounded read,
 * Standard Webhooks signature, the body read into events, and the relay's outcome turned
 * into the answer.
 */
@NullMarked
package io.aclgateway.relay.intake;

import org.jspecify.annotations.NullMarked;
