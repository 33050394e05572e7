/** The anti-corruption gateway between client apps, the legacy PHP system and Falcon. */
@NullMarked
package io.aclgateway;

import org.jspecify.annotations.NullMarked;
