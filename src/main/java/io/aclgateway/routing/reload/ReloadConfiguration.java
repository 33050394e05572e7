package io.aclgateway.routing.reload;

import java.time.Clock;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.aclgateway.routing.rules.RoutingFileParser;

/**
 * Wires the routing file's watcher, the rules it keeps in force and their management
 * view.
 */
@Configuration(proxyBeanMethods = false)
class ReloadConfiguration {

	/** The routing file, read at start-up (fail fast) and re-read while running. */
	@Bean
	RoutingFileWatcher routingFileWatcher(RoutingProperties properties, MeterRegistry meters, Clock clock) {
		return new RoutingFileWatcher(properties, new RoutingFileParser(), meters, clock);
	}

	/** The rules in force, for every decision. */
	@Bean
	LiveRoutingRules liveRoutingRules(RoutingFileWatcher watcher) {
		return watcher.live();
	}

	/** The read-only view of the rules in force, on the management port. */
	@Bean
	RoutingEndpoint routingEndpoint(LiveRoutingRules rules, RoutingProperties properties) {
		return new RoutingEndpoint(rules, properties.file());
	}

}
