/**
 * The catalog of legacy commands, and Falcon events translated to legacy messages; pure
 * Java.
 */
@NullMarked
package io.aclgateway.relay.translation;

import org.jspecify.annotations.NullMarked;
