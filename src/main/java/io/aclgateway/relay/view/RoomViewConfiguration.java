package io.aclgateway.relay.view;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

import io.aclgateway.relay.core.InMemoryRoomLedger;
import io.aclgateway.relay.core.RoomActivity;
import io.aclgateway.relay.core.RoomLedger;
import io.aclgateway.relay.intake.kafka.KafkaIntakeProperties;
import io.aclgateway.relay.intake.kafka.state.KafkaStateProperties;

/**
 * The shared view of pending rooms, on every replica (any {@code acl.role}) when
 * {@code acl.events.kafka.bootstrap-servers} is set: the relay's ledger publishes its
 * rooms' transitions, and {@link RoomActivity} (what shadow reads inject) is this
 * replica's ledger or the view. Without Kafka the {@link InMemoryRoomLedger} alone is
 * both. Clients are built from {@code spring.kafka.*} (TLS, SASL) with the intake's
 * brokers, like the intake's.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = KafkaIntakeProperties.PREFIX, name = "bootstrap-servers")
class RoomViewConfiguration {

	@Bean(destroyMethod = "close")
	KafkaRoomFacts kafkaRoomFacts(KafkaProperties kafka, KafkaIntakeProperties intake, KafkaStateProperties state,
			RoomViewProperties view, MeterRegistry meters) {
		Map<String, Object> producer = new HashMap<>(kafka.buildProducerProperties());
		producer.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, intake.bootstrapServers());
		producer.put(ProducerConfig.CLIENT_ID_CONFIG, "acl-room-facts");
		producer.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
		// A fact is a hint for shadow reads: the leader's word is enough, a lost one
		// costs precision only; one request in flight keeps a room's facts in order.
		producer.put(ProducerConfig.ACKS_CONFIG, "1");
		producer.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
		producer.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
		producer.put(ProducerConfig.LINGER_MS_CONFIG, 5);
		// Facts older than a few seconds are of little use: give up on them soon.
		producer.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 1000);
		producer.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
		producer.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 10000);
		Map<String, Object> admin = admin(kafka, intake);
		String source = intake.topics().get(0);
		KafkaRoomFacts facts = new KafkaRoomFacts(
				new KafkaProducer<>(producer, new StringSerializer(), new ByteArraySerializer()),
				() -> Admin.create(admin), source, source + view.topicSuffix(), state.createTopics(), meters);
		facts.start();
		return facts;
	}

	/** The ledger the relay writes: this replica's, publishing its transitions. */
	@Bean
	@Primary
	RoomLedger factPublishingRoomLedger(InMemoryRoomLedger ledger, KafkaRoomFacts facts, KafkaIntakeProperties intake,
			Clock clock) {
		return new FactPublishingRoomLedger(ledger, facts, clock, podName(intake));
	}

	@Bean
	SharedRoomView sharedRoomView(KafkaProperties kafka, KafkaIntakeProperties intake, KafkaStateProperties state,
			RoomViewProperties view, Clock clock, MeterRegistry meters) {
		Map<String, Object> consumer = new HashMap<>(kafka.buildConsumerProperties());
		consumer.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, intake.bootstrapServers());
		// No group: every replica reads every partition, and commits nothing.
		consumer.remove(ConsumerConfig.GROUP_ID_CONFIG);
		consumer.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
		consumer.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		consumer.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
		consumer.put(ConsumerConfig.CLIENT_ID_CONFIG, "acl-room-view");
		// A fact reaches the view within this, when the topic is quiet otherwise.
		consumer.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 100);
		Map<String, Object> admin = admin(kafka, intake);
		String source = intake.topics().get(0);
		return new SharedRoomView(
				() -> new KafkaConsumer<>(consumer, new StringDeserializer(), new ByteArrayDeserializer()),
				() -> Admin.create(admin), source, source + view.topicSuffix(), state.createTopics(), view, clock,
				meters);
	}

	/**
	 * What shadow reads ask: busy on this replica's exact ledger, else the shared view.
	 * Primary over the two it combines, which are {@link RoomActivity} too.
	 */
	@Bean
	@Primary
	RoomActivity roomActivity(InMemoryRoomLedger local, SharedRoomView shared) {
		return new LocalOrSharedActivity(local, shared);
	}

	private static Map<String, Object> admin(KafkaProperties kafka, KafkaIntakeProperties intake) {
		Map<String, Object> admin = new HashMap<>(kafka.buildAdminProperties());
		admin.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, intake.bootstrapServers());
		admin.put(AdminClientConfig.CLIENT_ID_CONFIG, "acl-room-view-admin");
		return admin;
	}

	/**
	 * The replica's name in its facts: its static member id, else the host name (a pod's
	 * name in Kubernetes), else made up for this run.
	 */
	private static String podName(KafkaIntakeProperties intake) {
		if (intake.instanceId() != null) {
			return intake.instanceId();
		}
		String host = System.getenv("HOSTNAME");
		return (host != null && !host.isBlank()) ? host : "replica-" + UUID.randomUUID().toString().substring(0, 8);
	}

}
