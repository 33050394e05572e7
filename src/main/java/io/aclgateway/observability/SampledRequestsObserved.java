package io.aclgateway.observability;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationPredicate;

import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;

/**
 * Makes each request's sampling decision as its server observation is created, the first
 * thing that happens to a request, and lets the observation exist only when the request
 * is sampled. The decision is kept in that context, where {@link UnsampledRequestsTimer}
 * finds it.
 */
final class SampledRequestsObserved implements ObservationPredicate {

	private final double probability;

	SampledRequestsObserved(double probability) {
		this.probability = probability;
	}

	@Override
	public boolean test(String name, Observation.Context context) {
		if (context instanceof ServerRequestObservationContext server) {
			ServerHttpRequest request = server.getCarrier();
			String traceparent = (request != null) ? request.getHeaders().getFirst(RequestTrace.TRACEPARENT) : null;
			return RequestTrace.decide(server, traceparent, probability).sampled();
		}
		return true;
	}

}
