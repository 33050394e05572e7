package io.aclgateway.relay.release;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.aclgateway.support.ConditionalOnRole;
import io.aclgateway.support.InstanceRole;

/**
 * The release file, read only where the Kafka intake runs (brokers configured, and a role
 * that relays): a gateway-only pod neither needs it nor should stop over it.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "acl.events.kafka", name = "bootstrap-servers")
@ConditionalOnRole({ InstanceRole.BOTH, InstanceRole.RELAY })
class ReleaseConfiguration {

	/** The releases in force, kept in step with the file. */
	@Bean
	ReleaseFileWatcher releases(ReleaseFileProperties properties, MeterRegistry meters) {
		return new ReleaseFileWatcher(properties.releaseFile(), new ReleaseFileParser(), meters,
				ReleaseFileWatcher.CHECK_INTERVAL);
	}

}
