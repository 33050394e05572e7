/**
 * Everything SQS about delivery: FIFO group and deduplication ids, string attributes and
 * the size formula ({@code SqsMessages}), the consumers' size limit as a
 * {@code MessageCheck}, queue routing per command, the {@code SendMessageBatch} sender
 * with its one-message-per-room FIFO rule, the queue keys of {@code acl.events.*} and
 * {@code acl.sqs.*}, and their wiring; the dead-letter queue's sender and its message.
 */
@NullMarked
package io.aclgateway.relay.delivery.sqs;

import org.jspecify.annotations.NullMarked;
