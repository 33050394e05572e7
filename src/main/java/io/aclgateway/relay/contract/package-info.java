/**
 * The catalog of Falcon event types, and CloudEvents validated into typed events; pure
 * Java.
 */
@NullMarked
package io.aclgateway.relay.contract;

import org.jspecify.annotations.NullMarked;
