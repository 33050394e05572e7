/** What is truly cross-cutting: error dialects shared by the gateway's own answers. */
@NullMarked
package io.aclgateway.support;

import org.jspecify.annotations.NullMarked;
