/**
 * What keeps a failing or slow upstream from taking the gateway down: per-upstream
 * bulkhead and stream limit, circuit breaker (one permit, one outcome), retries of what
 * is safe to repeat within a budget, and the classification of upstream failures into the
 * answers clients get.
 */
@NullMarked
package io.aclgateway.routing.resilience;

import org.jspecify.annotations.NullMarked;
