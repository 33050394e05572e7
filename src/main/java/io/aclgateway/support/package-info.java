/**
 * What is truly cross-cutting: the error dialects and the answers in them, the bounds on
 * client connections of both servers, the one shape of the circuit breakers and the
 * {@code Retry-After} header.
 */
@NullMarked
package io.aclgateway.support;

import org.jspecify.annotations.NullMarked;
