package io.aclgateway.relay.intake.kafka;

import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaConsumerFactoryCustomizer;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;

import io.aclgateway.relay.core.DeadLetterSender;
import io.aclgateway.relay.core.EventRelay;
import io.aclgateway.relay.intake.kafka.state.KafkaStateProperties;
import io.aclgateway.relay.intake.kafka.state.StateStore;
import io.aclgateway.relay.release.Releases;
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

	/**
	 * The per-room memory's topics, on the same connection settings as the consumer (TLS,
	 * SASL), with the intake's brokers.
	 */
	@Bean(destroyMethod = "close")
	StateStore kafkaStateStore(KafkaProperties kafka, KafkaIntakeProperties properties,
			KafkaStateProperties stateProperties, Clock clock) {
		Map<String, Object> producer = new HashMap<>(kafka.buildProducerProperties());
		producer.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, properties.bootstrapServers());
		producer.put(ProducerConfig.CLIENT_ID_CONFIG, "acl-relay-state");
		Map<String, Object> consumer = new HashMap<>(kafka.buildConsumerProperties());
		consumer.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, properties.bootstrapServers());
		Map<String, Object> admin = new HashMap<>(kafka.buildAdminProperties());
		admin.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, properties.bootstrapServers());
		return new StateStore(stateProperties, producer, consumer, admin, clock);
	}

	@Bean
	KafkaIntake kafkaIntake(KafkaProperties kafka, KafkaIntakeProperties properties,
			ObjectProvider<DefaultKafkaConsumerFactoryCustomizer> customizers, EventRelay relay, MeterRegistry meters,
			StateStore state, ParkingLot parking, ObjectProvider<DeadLetterSender> deadLetters,
			ObjectProvider<Releases> releases) {
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
				meters, state, parking, deadLetters.getIfAvailable(), releases.getIfAvailable(() -> List::of));
	}

	/**
	 * The parking topics' writer (idempotent, acknowledged by all replicas), their reader
	 * of no group, and an admin client to create them; all from {@code spring.kafka.*}
	 * like the consumer.
	 */
	@Bean(destroyMethod = "close")
	ParkingLot kafkaParkingLot(KafkaProperties kafka, KafkaIntakeProperties properties, KafkaStateProperties state) {
		Map<String, Object> producer = new HashMap<>(kafka.buildProducerProperties());
		producer.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, properties.bootstrapServers());
		producer.put(ProducerConfig.ACKS_CONFIG, "all");
		producer.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
		producer.put(ProducerConfig.CLIENT_ID_CONFIG, "acl-relay-parking");
		Map<String, Object> reader = new HashMap<>(kafka.buildConsumerProperties());
		reader.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, properties.bootstrapServers());
		reader.remove(ConsumerConfig.GROUP_ID_CONFIG);
		reader.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
		reader.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		// Reading never creates a topic: a missing parking topic is the platform's to
		// make.
		reader.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
		reader.put(ConsumerConfig.CLIENT_ID_CONFIG, "acl-relay-parking-reader");
		Map<String, Object> admin = new HashMap<>(kafka.buildAdminProperties());
		admin.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, properties.bootstrapServers());
		return new ParkingLot(new KafkaProducer<>(producer, new StringSerializer(), new ByteArraySerializer()),
				() -> new KafkaConsumer<>(reader, new StringDeserializer(), new ByteArrayDeserializer()),
				() -> Admin.create(admin), state);
	}

	@Bean
	RelayEndpoint relayEndpoint(KafkaIntake intake) {
		return new RelayEndpoint(intake);
	}

}
