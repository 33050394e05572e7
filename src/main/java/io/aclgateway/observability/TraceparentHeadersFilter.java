package io.aclgateway.observability;

import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.cloud.gateway.filter.headers.observation.GatewayObservationConvention;
import org.springframework.cloud.gateway.filter.headers.observation.ObservedRequestHttpHeadersFilter;
import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;

/**
 * The gateway's upstream observation for sampled requests only (a client span, and the
 * {@code traceparent} its propagation handler writes); an unsampled request's
 * {@code traceparent} is written here: its trace, the gateway's span id as parent, not
 * sampled. {@code tracestate} and {@code baggage} pass unchanged.
 */
final class TraceparentHeadersFilter extends ObservedRequestHttpHeadersFilter {

	TraceparentHeadersFilter(ObservationRegistry registry, @Nullable GatewayObservationConvention convention) {
		super(registry, convention);
	}

	@Override
	public HttpHeaders filter(HttpHeaders input, ServerWebExchange exchange) {
		RequestTrace trace = exchange.getAttribute(RequestTrace.ATTRIBUTE);
		if (trace == null || trace.sampled()) {
			return super.filter(input, exchange);
		}
		HttpHeaders headers = HttpHeaders.copyOf(input);
		headers.set(RequestTrace.TRACEPARENT, trace.traceparent());
		return headers;
	}

}
