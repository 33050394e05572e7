package io.aclgateway.relay.intake.kafka;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

import io.aclgateway.testing.GatewayIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/** Without {@code acl.events.kafka.bootstrap-servers} there is no Kafka intake at all. */
@GatewayIntegrationTest(upstreams = {})
class KafkaIntakeOffIntegrationTests {

	@Autowired
	ApplicationContext context;

	@Test
	void noBrokersNoConsumer() {
		assertThat(context.getBeanNamesForType(KafkaIntake.class)).isEmpty();
		assertThat(context.getBean(KafkaIntakeProperties.class).bootstrapServers()).isNull();
	}

}
