package io.aclgateway.routing.resilience;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.aclgateway.routing.proxy.ExchangeDecisions;
import io.aclgateway.routing.proxy.UpstreamErrors;
import io.aclgateway.routing.proxy.UpstreamsProperties;

/** Wires what keeps a failing or slow upstream from taking the gateway down with it. */
@Configuration(proxyBeanMethods = false)
class ResilienceConfiguration {

	/**
	 * Bulkhead, stream limit, circuit breaker, safe retries and the answers in dialect
	 * when an upstream fails.
	 */
	@Bean
	UpstreamGuardFilter upstreamGuard(ExchangeDecisions decisions, UpstreamsProperties upstreams,
			CircuitBreakerRegistry circuitBreakers, MeterRegistry meters, UpstreamErrors errors) {
		// At most one retry per five requests on average, ten at once when the gateway is
		// quiet.
		SafeRetries retries = new SafeRetries(new RetryBudget(0.2, 10));
		return new UpstreamGuardFilter(decisions, new UpstreamCapacity(upstreams, meters),
				new UpstreamBreakers(upstreams, circuitBreakers), retries, errors);
	}

	/**
	 * Gives a call's bulkhead permit back as soon as its response head is in (see
	 * UpstreamHold).
	 */
	@Bean
	ResponseStartFilter responseStartFilter() {
		return new ResponseStartFilter();
	}

}
