package io.aclgateway.support;

import java.time.Clock;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Beans every feature may use. */
@Configuration(proxyBeanMethods = false)
class SupportConfiguration {

	/** The one clock: reload times, signature freshness; tests replace it. */
	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

	/** One registry for every circuit breaker (upstreams, queue), so that their states show in the metrics. */
	@Bean
	CircuitBreakerRegistry circuitBreakerRegistry(MeterRegistry meters) {
		CircuitBreakerRegistry registry = CircuitBreakerRegistry.ofDefaults();
		TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(registry).bindTo(meters);
		return registry;
	}

	/** A read timeout on both servers, so that no client can hold a connection by sending slowly. */
	@Bean
	NettyServerCustomizer slowClientTimeout(ServerProperties server) {
		return http -> http.readTimeout(server.readTimeout());
	}

}
