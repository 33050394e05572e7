/** The routing file, its rules and decisions (routing.md); pure Java. */
@NullMarked
package io.aclgateway.routing.rules;

import org.jspecify.annotations.NullMarked;
