package io.aclgateway.shadow;

import java.time.Clock;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.aclgateway.routing.reload.LiveRoutingRules;

/**
 * Wires where shadow comparisons are told: their counts, metrics and management view.
 */
@Configuration(proxyBeanMethods = false)
class ShadowReportConfiguration {

	/**
	 * Every comparison's end, counted; the rules in force give the series that exist
	 * before the first comparison.
	 */
	@Bean
	ShadowReport shadowReport(MeterRegistry meters, LiveRoutingRules rules, Clock clock) {
		return new ShadowReport(meters, () -> rules.rules().shadow(), clock);
	}

	/** The read-only view of the comparisons, on the management port. */
	@Bean
	ShadowEndpoint shadowEndpoint(ShadowReport report) {
		return new ShadowEndpoint(report);
	}

}
