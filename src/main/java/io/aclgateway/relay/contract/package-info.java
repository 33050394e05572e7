/** Validation of CloudEvents and their data into typed Falcon events; pure Java. */
@NullMarked
package io.aclgateway.relay.contract;

import org.jspecify.annotations.NullMarked;
