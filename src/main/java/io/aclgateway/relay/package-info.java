/**
 * Falcon's domain events in, legacy messages out (events.md): {@code intake} adapts HTTP
 * and {@code intake.kafka} Falcon's event log to the use case in {@code core}, which
 * reads ({@code contract}), translates ({@code translation}) and sends through the
 * {@code delivery} port ({@code delivery.sqs} on SQS); wired here.
 */
@NullMarked
package io.aclgateway.relay;

import org.jspecify.annotations.NullMarked;
