/**
 * The neutral side of delivery, free of AWS: the {@code LegacyMessageSender} port and its
 * per-message {@code DeliveryReport}, the {@code MessageCheck} asked before anything is
 * sent, the metering and circuit-breaker decorators, and {@code NoQueueSender} for when
 * no queue is configured.
 */
@NullMarked
package io.aclgateway.relay.delivery;

import org.jspecify.annotations.NullMarked;
