package io.aclgateway.relay.intake.kafka;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import io.aclgateway.relay.intake.kafka.state.KafkaStateProperties;
import io.aclgateway.relay.intake.kafka.state.StateStore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.awaitility.Awaitility.await;

/**
 * The start-up check of the state topics (docs/design/relay-state.md 5.1) against a real
 * broker: missing, not compacted or partitioned unlike the source fails start-up naming
 * the topic; with {@code create-topics} a missing one is created compacted with the
 * source's partition count.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KafkaStateTopicsIntegrationTests {

	private EmbeddedKafkaKraftBroker kafka;

	private Admin admin;

	@BeforeAll
	void startBroker() throws Exception {
		kafka = new EmbeddedKafkaKraftBroker(1, 3, "missing", "compacted", "wrong-count", "not-compacted");
		kafka.afterPropertiesSet();
		admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.getBrokersAsString()));
		admin.createTopics(List.of(
				new NewTopic("wrong-count.acl-state", 2, (short) 1)
					.configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, "compact")),
				new NewTopic("not-compacted.acl-state", 3, (short) 1)
					.configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, "delete"))))
			.all()
			.get();
	}

	@AfterAll
	void stopBroker() {
		admin.close();
		kafka.destroy();
	}

	@Test
	void aMissingStateTopicFailsStartUpUnlessItMayBeCreated() throws ExecutionException, InterruptedException {
		try (StateStore store = store(false)) {
			assertThatIllegalStateException().isThrownBy(() -> store.prepare(List.of("missing")))
				.withMessageContaining("missing.acl-state")
				.withMessageContaining("does not exist");
		}
		try (StateStore store = store(true)) {
			assertThatNoException().isThrownBy(() -> store.prepare(List.of("compacted")));
			assertThat(store.topicId("compacted")).isNotBlank();
		}
		await().untilAsserted(() -> assertThat(admin.describeTopics(List.of("compacted.acl-state"))
			.allTopicNames()
			.get()
			.get("compacted.acl-state")
			.partitions()).as("the source's partition count").hasSize(3));
	}

	@Test
	void aStateTopicWithAnotherPartitionCountFailsStartUp() {
		try (StateStore store = store(true)) {
			assertThatIllegalStateException().isThrownBy(() -> store.prepare(List.of("wrong-count")))
				.withMessageContaining("wrong-count.acl-state has 2 partitions")
				.withMessageContaining("wrong-count has 3");
		}
	}

	@Test
	void aStateTopicNotCompactedFailsStartUp() {
		try (StateStore store = store(true)) {
			assertThatIllegalStateException().isThrownBy(() -> store.prepare(List.of("not-compacted")))
				.withMessageContaining("not-compacted.acl-state has cleanup.policy=delete");
		}
	}

	private StateStore store(boolean createTopics) {
		String brokers = kafka.getBrokersAsString();
		return new StateStore(new KafkaStateProperties(".acl-state", createTopics, 256, ".acl-parked", 10000),
				Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers),
				Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers),
				Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, brokers), Clock.systemUTC());
	}

}
