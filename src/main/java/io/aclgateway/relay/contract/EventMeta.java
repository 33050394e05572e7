package io.aclgateway.relay.contract;

import org.jspecify.annotations.Nullable;

/**
 * The CloudEvent attributes every translation needs: id, type, time (Unix seconds) and
 * trace context.
 */
public record EventMeta(String id, String source, String type, long time, @Nullable String traceparent) {
}
