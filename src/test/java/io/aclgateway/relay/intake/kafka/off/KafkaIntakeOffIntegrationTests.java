package io.aclgateway.relay.intake.kafka.off;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

import io.aclgateway.relay.intake.kafka.KafkaIntakeProperties;
import io.aclgateway.relay.intake.kafka.state.StateStore;
import io.aclgateway.testing.GatewayIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Without {@code acl.events.kafka.bootstrap-servers} there is no Kafka intake at all. In
 * a package of its own so that it runs in the JVM of the ordinary integration tests: the
 * Kafka tests' embedded brokers publish their address as a system property while cached.
 */
@GatewayIntegrationTest(upstreams = {})
class KafkaIntakeOffIntegrationTests {

	@Autowired
	ApplicationContext context;

	@Test
	void noBrokersNoConsumer() {
		assertThat(context.containsBean("kafkaIntake")).isFalse();
		assertThat(context.getBeanNamesForType(StateStore.class)).isEmpty();
		assertThat(context.getBean(KafkaIntakeProperties.class).bootstrapServers()).isNull();
	}

}
