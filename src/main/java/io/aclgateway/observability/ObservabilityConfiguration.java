package io.aclgateway.observability;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationPredicate;
import io.micrometer.observation.ObservationRegistry;
import io.opentelemetry.sdk.trace.samplers.Sampler;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.micrometer.tracing.autoconfigure.TracingProperties;
import org.springframework.cloud.gateway.filter.headers.observation.GatewayObservationConvention;
import org.springframework.cloud.gateway.filter.headers.observation.ObservedRequestHttpHeadersFilter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.server.reactive.observation.DefaultServerRequestObservationConvention;
import org.springframework.http.server.reactive.observation.ServerRequestObservationConvention;

/**
 * Observations, spans and the tracer's sampling for sampled requests only; trace
 * propagation, trace ids in logs and {@code http.server.requests} for every request.
 */
@Configuration(proxyBeanMethods = false)
class ObservabilityConfiguration {

	@Bean
	ObservationPredicate sampledRequestsObserved(TracingProperties tracing) {
		return new SampledRequestsObserved(tracing.getSampling().getProbability());
	}

	@Bean
	UnsampledRequestsTimer unsampledRequestsTimer(MeterRegistry registry,
			ObjectProvider<ServerRequestObservationConvention> convention) {
		return new UnsampledRequestsTimer(registry,
				convention.getIfAvailable(DefaultServerRequestObservationConvention::new));
	}

	/** In place of Spring Cloud Gateway's own (it backs off when one exists). */
	@Bean
	ObservedRequestHttpHeadersFilter observedRequestHttpHeadersFilter(ObservationRegistry registry,
			ObjectProvider<GatewayObservationConvention> convention) {
		return new TraceparentHeadersFilter(registry, convention.getIfAvailable());
	}

	/** In place of Boot's parent-based ratio sampler (it backs off when one exists). */
	@Bean
	Sampler otelSampler(TracingProperties tracing) {
		return Sampler.parentBased(new ServerRootsSampled(tracing.getSampling().getProbability()));
	}

}
