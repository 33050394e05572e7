package io.aclgateway.relay.intake.kafka;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

import io.aclgateway.relay.release.Releases;
import io.aclgateway.testing.GatewayIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code acl.role=gateway}: brokers configured, yet no Kafka intake and no release file
 * (nothing here listens on the brokers' address, so a consumer would only fail).
 */
@GatewayIntegrationTest(upstreams = {},
		properties = { "acl.role=gateway", "acl.events.kafka.bootstrap-servers=127.0.0.1:1" })
class KafkaGatewayRoleIntegrationTests {

	@Autowired
	ApplicationContext context;

	@Test
	void brokersConfiguredButNoConsumer() {
		assertThat(context.getBean(KafkaIntakeProperties.class).bootstrapServers()).isEqualTo("127.0.0.1:1");
		assertThat(context.getBeanNamesForType(KafkaIntake.class)).isEmpty();
		assertThat(context.getBeanNamesForType(Releases.class)).isEmpty();
	}

	@Test
	void thePublicPortStillTakesEvents() {
		assertThat(context.getBeanNamesForType(org.springframework.web.reactive.function.server.RouterFunction.class))
			.contains("eventsRoute");
	}

}
