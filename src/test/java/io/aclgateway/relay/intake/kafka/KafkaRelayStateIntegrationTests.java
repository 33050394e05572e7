package io.aclgateway.relay.intake.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetCommitCallback;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.kafka.test.context.EmbeddedKafka;

import io.aclgateway.relay.core.EventRelay;
import io.aclgateway.relay.intake.kafka.state.StateStore;
import io.aclgateway.testing.EmbeddedSqs;
import io.aclgateway.testing.GatewayIntegrationTest;
import io.aclgateway.testing.SignedEvents;
import io.aclgateway.testing.StandIns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Nothing twice beyond the queue's 5 minutes (events.md 5.2.3): the relay's per-room
 * state in the compacted state topic, with a real broker and a real FIFO queue whose
 * deduplication memory is emptied (ElasticMQ forgets it on purge) wherever a resend would
 * otherwise be hidden by it.
 */
@GatewayIntegrationTest(upstreams = {}, queues = KafkaRelayStateIntegrationTests.QUEUE,
		properties = { "acl.events.kafka.retry-backoff=300ms", "acl.events.kafka.state.create-topics=true",
				FalconLog.BROKERS })
@EmbeddedKafka(partitions = KafkaRelayStateIntegrationTests.PARTITIONS, topics = FalconLog.TOPIC)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KafkaRelayStateIntegrationTests {

	static final String QUEUE = "kafka-state.fifo";

	static final int PARTITIONS = 4;

	private static final JsonMapper json = JsonMapper.builder().build();

	private final EmbeddedSqs sqs;

	private final String queueUrl;

	@Value("${acl.events.kafka.bootstrap-servers}")
	String bootstrapServers;

	@Autowired
	KafkaIntake intake;

	@Autowired
	EventRelay relay;

	@Autowired
	KafkaIntakeProperties properties;

	@Autowired
	StateStore state;

	@Autowired
	ParkingLot parking;

	@Autowired
	MeterRegistry meters;

	private FalconLog log;

	private SqsClient queueAdmin;

	/** Every message taken off the queue so far, in the queue's order. */
	private final List<Message> received = new ArrayList<>();

	KafkaRelayStateIntegrationTests(StandIns standIns) {
		this.sqs = standIns.sqs();
		this.queueUrl = standIns.queueUrl();
	}

	@BeforeAll
	void connect() {
		log = new FalconLog(bootstrapServers);
		queueAdmin = SqsClient.builder()
			.endpointOverride(sqs.endpoint())
			.region(Region.of(EmbeddedSqs.REGION))
			.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
			.build();
	}

	@AfterAll
	void disconnect() {
		log.close();
		queueAdmin.close();
	}

	@Test
	@Order(1)
	void aGroupResetToTheStartAfterTheQueueForgotItsDeduplicationSendsNothingTwice() {
		produce("reset", 100, 16, 4);
		awaitReceived(16);
		awaitAllCommitted();
		assertThat(oldestPendingSeconds()).as("nothing read and not done").isZero();

		// A restarted relay: it reads its state back from the state topic.
		intake.stop();
		forgetQueueDeduplication();
		log.resetGroupToStart(PARTITIONS);
		double duplicatesBefore = count("duplicate");
		intake.start();

		awaitAllCommitted();
		assertThat(sqs.drain(queueUrl)).as("the replay sent nothing the legacy consumers had").isEmpty();
		assertThat(count("duplicate") - duplicatesBefore).as("every replayed event a duplicate").isEqualTo(16);
		assertEachEventOnceInRoomOrder(received);
	}

	/**
	 * A relay of a fresh group starts at the earliest offset, as a reset group does; it
	 * shares only the state topic with the relay before it, so what it knows comes from
	 * there.
	 */
	@Test
	@Order(2)
	void aFreshRelayOfANewGroupReadsTheStateBackAndSendsNothingAgain() {
		intake.stop();
		forgetQueueDeduplication();
		double duplicatesBefore = count("duplicate");
		String group = "fresh-relay";
		KafkaIntake fresh = new KafkaIntake(consumers(group), relay, properties, meters, state, parking, null,
				List::of);
		fresh.start();
		try {
			awaitAllCommitted(group);
			assertThat(sqs.drain(queueUrl)).as("nothing sent again").isEmpty();
			assertThat(count("duplicate") - duplicatesBefore).isEqualTo(16);
		}
		finally {
			fresh.stop();
			intake.start();
		}
	}

	/**
	 * The crash: a real consumer whose commits never reach the broker, as if the process
	 * died after each delivery's acknowledgement (queue and state) and before its commit;
	 * the relay then stops without any commit. A relay restarted from the old committed
	 * offsets reads every record again.
	 */
	@Test
	@Order(3)
	void aRelayKilledBetweenTheQueuesAcknowledgementAndTheCommitSendsNothingTwiceAfterRestart() {
		received.clear();
		awaitAllCommitted();
		Map<Integer, Long> committedBefore = log.committedByPartition();
		intake.stop();
		Map<TopicPartition, Long> wouldCommit = new ConcurrentHashMap<>();
		KafkaIntake crashing = new KafkaIntake(
				() -> new CommitlessConsumer(consumerConfig(FalconLog.GROUP), wouldCommit), relay, properties, meters,
				state, parking, null, List::of);
		crashing.start();
		try {
			produce("crash", 200, 20, 5);
			awaitReceived(20);
			await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
				Map<Integer, Long> done = new HashMap<>();
				wouldCommit.forEach((partition, offset) -> done.put(partition.partition(), offset));
				Map<Integer, Long> written = new HashMap<>(log.endOffsets(PARTITIONS));
				written.entrySet().removeIf(end -> end.getValue().equals(committedBefore.get(end.getKey())));
				assertThat(done).as("every record on the queue and in the state").isEqualTo(written);
			});
		}
		finally {
			crashing.stop();
		}
		assertThat(log.committedByPartition()).as("nothing committed").isEqualTo(committedBefore);

		forgetQueueDeduplication();
		double duplicatesBefore = count("duplicate");
		intake.start();

		awaitAllCommitted();
		received.addAll(sqs.drain(queueUrl));
		assertThat(received).hasSize(20);
		assertThat(count("duplicate") - duplicatesBefore).as("each record read again found delivered").isEqualTo(20);
		assertEachEventOnceInRoomOrder(received);
	}

	@Test
	@Order(4)
	void twoRelaysInOneGroupOneJoiningAndOneLeavingMidStreamSendEachEventOnceInRoomOrder() throws Exception {
		received.clear();
		double deliveredBefore = count("delivered");
		KafkaIntake second = new KafkaIntake(consumers(FalconLog.GROUP), relay, properties, meters, state, parking,
				null, List::of);
		try {
			for (int i = 0; i < 90; i++) {
				if (i == 20) {
					second.start();
				}
				if (i == 55) {
					intake.stop();
				}
				produceOne("pair", 300, i, 9);
				Thread.sleep(25);
			}
			awaitReceived(90);
			awaitAllCommitted();
		}
		finally {
			second.stop();
			intake.start();
		}
		assertEachEventOnceInRoomOrder(received);
		assertThat(count("delivered") - deliveredBefore)
			.as("sent once: no handover resent what the queue would have dropped")
			.isEqualTo(90);
	}

	@Test
	@Order(5)
	void aRecordWhoseKeyIsNotItsEventsRoomHoldsTheKeysRoomOnly() {
		received.clear();
		double heldBefore = count("held");
		RecordMetadata bad = log.structured("950", event("mismatch", 951, 1, null));
		log.structured("950", event("after-mismatch", 950, 2, null));
		for (int i = 0; i < 4; i++) {
			log.structured("952", event("flows-" + i, 952, i + 1, null));
		}

		awaitReceived(4);
		assertThat(received).extracting(message -> json.readTree(message.body()).get("rid").asLong())
			.as("neither the mismatched event nor its key's room's later one")
			.containsOnly(952L);
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(log.committedByPartition().get(bad.partition()))
				.as("the mismatched record and its key's room's later one parked: the partition's commit moves on")
				.isEqualTo(log.endOffsets(PARTITIONS).get(bad.partition())));
		assertThat(count("held") - heldBefore).as("the mismatched record and the one behind it").isEqualTo(2);
		assertThat(meters.get("acl.relay.held.rooms").gauge().value()).as("room 950 held").isGreaterThanOrEqualTo(1);
	}

	private double count(String outcome) {
		return meters.get("acl.relay.events").tag("source", "kafka").tag("outcome", outcome).counter().count();
	}

	private double oldestPendingSeconds() {
		return meters.get("acl.relay.oldest.pending").gauge().value();
	}

	/**
	 * Purges the queue: ElasticMQ forgets its deduplication ids with it, so a resend
	 * would show.
	 */
	private void forgetQueueDeduplication() {
		received.addAll(sqs.drain(queueUrl));
		queueAdmin.purgeQueue(request -> request.queueUrl(queueUrl));
	}

	private Supplier<Consumer<String, byte[]>> consumers(String group) {
		return () -> new KafkaConsumer<>(consumerConfig(group), new StringDeserializer(), new ByteArrayDeserializer());
	}

	/** As KafkaIntakeConfiguration sets the relay's consumer. */
	private Map<String, Object> consumerConfig(String group) {
		Map<String, Object> config = new HashMap<>();
		config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
		config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
		config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		config.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
		config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
		return config;
	}

	/** A real consumer whose commits are lost: it dies before each one. */
	private static final class CommitlessConsumer extends KafkaConsumer<String, byte[]> {

		private final Map<TopicPartition, Long> wouldCommit;

		CommitlessConsumer(Map<String, Object> config, Map<TopicPartition, Long> wouldCommit) {
			super(config, new StringDeserializer(), new ByteArrayDeserializer());
			this.wouldCommit = wouldCommit;
		}

		@Override
		public void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets) {
			offsets.forEach((partition, offset) -> wouldCommit.put(partition, offset.offset()));
		}

		@Override
		public void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets, Duration timeout) {
			commitSync(offsets);
		}

		@Override
		public void commitAsync(Map<TopicPartition, OffsetAndMetadata> offsets, OffsetCommitCallback callback) {
			commitSync(offsets);
			callback.onComplete(offsets, null);
		}

	}

	/**
	 * Events spread over rooms from {@code firstRoom}, each room's message ids (and, on
	 * every other event, roomseq) increasing in the order they are written.
	 */
	private void produce(String prefix, long firstRoom, int count, int rooms) {
		for (int i = 0; i < count; i++) {
			produceOne(prefix, firstRoom, i, rooms);
		}
	}

	private void produceOne(String prefix, long firstRoom, int i, int rooms) {
		long room = firstRoom + (i % rooms);
		JsonNode event = event(prefix + "-" + i, room, i + 1, (i % 3 == 0) ? null : (long) (i + 1));
		if (i % 2 == 0) {
			log.binary(Long.toString(room), event);
		}
		else {
			log.structured(Long.toString(room), event);
		}
	}

	private static JsonNode event(String id, long room, long messageId, Long roomSeq) {
		ObjectNode event = (ObjectNode) json.readTree(SignedEvents.messagePosted(id, room, messageId, "m" + messageId));
		if (roomSeq != null) {
			event.put("roomseq", Long.toString(roomSeq));
		}
		return event;
	}

	private void awaitReceived(int count) {
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			received.addAll(sqs.drain(queueUrl));
			assertThat(received).hasSizeGreaterThanOrEqualTo(count);
		});
		assertThat(received).hasSize(count);
	}

	private void awaitAllCommitted() {
		awaitAllCommitted(FalconLog.GROUP);
	}

	private void awaitAllCommitted(String group) {
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			Map<Integer, Long> committed = log.committedByPartition(group);
			log.endOffsets(PARTITIONS)
				.forEach((partition, end) -> assertThat(committed.getOrDefault(partition, 0L))
					.as("partition %d committed to its end", partition)
					.isEqualTo(end));
		});
	}

	/** Each eid once; within each message group, message ids only increase. */
	private static void assertEachEventOnceInRoomOrder(List<Message> messages) {
		List<String> eids = messages.stream()
			.map(message -> json.readTree(message.body()).get("eid").asString())
			.toList();
		assertThat(eids).doesNotHaveDuplicates();
		Map<String, Long> last = new HashMap<>();
		for (Message message : messages) {
			String group = message.attributes().get(MessageSystemAttributeName.MESSAGE_GROUP_ID);
			long messageId = json.readTree(message.body()).get("mid").asLong();
			Long previous = last.put(group, messageId);
			assertThat(previous == null || previous < messageId)
				.as("room %s in order: %s then %s", group, previous, messageId)
				.isTrue();
		}
	}

}
