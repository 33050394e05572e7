package io.aclgateway.shadow;

import reactor.core.publisher.Mono;

/** One upstream as shadow reads reach it: a read, bounded in time and in number. */
interface ShadowLeg {

	/**
	 * Reads the request from the upstream; never fails (a failure is
	 * {@link LegResult.Failed}), and is {@link LegResult.Refused} at once when the
	 * upstream's shadow reads in flight are at their limit.
	 */
	Mono<LegResult> read(ShadowRequest request);

}
