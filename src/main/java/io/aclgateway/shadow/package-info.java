/**
 * Shadow reads (shadow.md): copies of chosen legacy-bound reads to Falcon, their answers
 * compared off the event loop, outcomes counted and shown on {@code /actuator/shadow}.
 */
@NullMarked
package io.aclgateway.shadow;

import org.jspecify.annotations.NullMarked;
