package io.aclgateway.relay.intake.kafka;

import java.util.HashMap;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaConsumerFactoryCustomizer;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;

import io.aclgateway.relay.core.EventRelay;
import io.aclgateway.support.ConditionalOnRole;
import io.aclgateway.support.InstanceRole;

/**
 * The Kafka intake, only when {@code acl.events.kafka.bootstrap-servers} is set and the
 * instance relays ({@code acl.role} both or relay, never gateway): a consumer built from
 * Spring Boot's {@code spring.kafka.*} settings (so TLS, SASL and MSK IAM are configured
 * the standard way, and the consumer's metrics reach Micrometer), with the brokers, group
 * and commit policy of {@code acl.events.kafka.*}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = KafkaIntakeProperties.PREFIX, name = "bootstrap-servers")
@ConditionalOnRole({ InstanceRole.BOTH, InstanceRole.RELAY })
class KafkaIntakeConfiguration {

	@Bean
	KafkaIntake kafkaIntake(KafkaProperties kafka, KafkaIntakeProperties properties,
			ObjectProvider<DefaultKafkaConsumerFactoryCustomizer> customizers, EventRelay relay, MeterRegistry meters) {
		Map<String, Object> config = new HashMap<>(kafka.buildConsumerProperties());
		config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, properties.bootstrapServers());
		config.put(ConsumerConfig.GROUP_ID_CONFIG, properties.groupId());
		// Offsets are committed by the intake, only below what the queue acknowledged.
		config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		config.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
		if (properties.instanceId() != null) {
			config.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, properties.instanceId());
		}
		// A new group starts at the beginning of the log: nothing Falcon wrote is
		// skipped.
		config.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
		DefaultKafkaConsumerFactory<String, byte[]> factory = new DefaultKafkaConsumerFactory<>(config,
				new StringDeserializer(), new ByteArrayDeserializer());
		// Boot's customizers: the Micrometer listener that publishes the consumer's
		// metrics (lag among them).
		customizers.orderedStream().forEach(customizer -> customizer.customize(factory));
		return new KafkaIntake(() -> factory.createConsumer(properties.groupId(), "acl-relay"), relay, properties,
				meters);
	}

}
