package io.aclgateway.shadow;

import java.util.Objects;

import org.jspecify.annotations.Nullable;

import io.aclgateway.relay.core.RoomActivity;
import io.aclgateway.routing.rules.ShadowRule;

/**
 * One shadowed request once legacy's answer has reached the client: what to send again,
 * legacy's answer as teed, and what was known when legacy answered.
 *
 * @param rule the shadow rule that selected the request
 * @param request what is sent to Falcon (and to legacy again)
 * @param requestBodyUsable false when the request body could not be copied whole within
 * the budget (nothing is sent then)
 * @param legacy legacy's answer as the client got it
 * @param noiseSample whether legacy is also asked a second time (noise-percent)
 * @param activity the room's activity when legacy answered, {@code null} when the rule
 * names no room or the path holds none
 * @param path the path without the query, as reported
 */
record ShadowCase(ShadowRule rule, ShadowRequest request, boolean requestBodyUsable, LegResult legacy,
		boolean noiseSample, RoomActivity.@Nullable Activity activity, String path) {

	ShadowCase {
		Objects.requireNonNull(rule, "rule");
		Objects.requireNonNull(request, "request");
		Objects.requireNonNull(legacy, "legacy");
		Objects.requireNonNull(path, "path");
	}

}
