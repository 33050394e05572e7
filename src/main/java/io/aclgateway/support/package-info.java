/**
 * What is truly cross-cutting: the error dialects and the answers in them (the codec's
 * own 400/408/414/431 included), the bounds on client connections of both servers (read
 * timeout, the whole-head deadline, lingering close after an early answer), the one shape
 * of the circuit breakers, the {@code Retry-After} header, SHA-256 hex, the polling and
 * strict YAML reading of the files operators edit, and the instance's role
 * ({@code acl.role}) that switches the proxy and the relay halves on or off.
 */
@NullMarked
package io.aclgateway.support;

import org.jspecify.annotations.NullMarked;
