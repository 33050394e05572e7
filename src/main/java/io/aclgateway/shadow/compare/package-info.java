/**
 * Comparing a legacy and a Falcon answer as a shadow rule says, and telling noise from
 * differences (shadow.md section 2); pure Java.
 */
@NullMarked
package io.aclgateway.shadow.compare;

import org.jspecify.annotations.NullMarked;
