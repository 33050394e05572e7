/**
 * Tracing and the request timer at the cost of a sampled share: each request's sampling
 * decision is made once, when it arrives (the client's {@code traceparent} flag, else
 * {@code management.tracing.sampling.probability}); only sampled requests get the server
 * and gateway observations (spans, scopes, contexts). Every other request still carries a
 * W3C {@code traceparent} to the upstream, logs with its trace id and counts in
 * {@code http.server.requests}, without an observation.
 */
@NullMarked
package io.aclgateway.observability;

import org.jspecify.annotations.NullMarked;
