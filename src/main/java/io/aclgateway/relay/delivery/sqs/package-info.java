/** The SQS adapter of the legacy message sender. */
@NullMarked
package io.aclgateway.relay.delivery.sqs;

import org.jspecify.annotations.NullMarked;
