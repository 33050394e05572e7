package io.aclgateway.relay.intake.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.matching.MatchResult;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.sqs.model.Message;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.aclgateway.testing.BatchEntryFaults;
import io.aclgateway.testing.EmbeddedSqs;
import io.aclgateway.testing.GatewayIntegrationTest;
import io.aclgateway.testing.SignedEvents;
import io.aclgateway.testing.StandIns;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Kafka intake against a queue that fails (events.md 5.2, guarantees 1 to 3), seen
 * from the queue's side: WireMock stands between the gateway and ElasticMQ, fails entries
 * of {@code SendMessageBatch} calls, whole calls, or every call for 30 s, and records
 * each entry the queue acknowledged. The assertions hold on what reached the queue before
 * its deduplication (a resend of an acknowledged message counts twice there), and the
 * relay group's committed offsets are read throughout.
 */
@GatewayIntegrationTest(upstreams = {}, queues = KafkaQueueFaultsIntegrationTests.QUEUE, properties = {
		// Longer than any answer of the queue on a busy machine: a call (or an SDK
		// attempt) the gateway gave up on after the queue took it is resent rightly
		// (the deduplication id covers that), and would blur what is counted here.
		"acl.events.kafka.state.create-topics=true", "acl.sqs.api-call-timeout=60s",
		"acl.sqs.api-call-attempt-timeout=30s", "acl.events.queue-breaker.open-duration=1s",
		"acl.events.kafka.retry-backoff=200ms",
		// Every entry the queue fails goes back to the intake, whose resends are
		// what these tests are about (the sender's own retries would hide most).
		"acl.events.send-attempts=1" })
@EmbeddedKafka(partitions = KafkaQueueFaultsIntegrationTests.PARTITIONS, topics = FalconLog.TOPIC,
		bootstrapServersProperty = "acl.events.kafka.bootstrap-servers")
class KafkaQueueFaultsIntegrationTests {

	static final String QUEUE = "kafka-faults.fifo";

	static final int PARTITIONS = 4;

	private static final JsonMapper json = JsonMapper.builder().build();

	static final BatchEntryFaults entryFaults = new BatchEntryFaults("kafka-entry-faults");

	@RegisterExtension
	static WireMockExtension sqsFront = WireMockExtension.newInstance()
		.options(wireMockConfig().dynamicPort().containerThreads(40).extensions(entryFaults))
		.build();

	private final EmbeddedSqs sqs;

	private final String queueUrl;

	@Value("${acl.events.kafka.bootstrap-servers}")
	String bootstrapServers;

	/** What the relay says of itself, given with a failed wait. */
	@Autowired
	KafkaIntake intake;

	private FalconLog log;

	/**
	 * Every entry the queue acknowledged, in the order its answers came back (a room's in
	 * its order: the gateway sends a room's next message only once the one before is
	 * acknowledged).
	 */
	private final List<Delivered> onQueue = Collections.synchronizedList(new ArrayList<>());

	private final Set<String> onQueueIds = ConcurrentHashMap.newKeySet();

	/** Entries the queue acknowledged whose event it had acknowledged already. */
	private final AtomicInteger resent = new AtomicInteger();

	/** When the queue last acknowledged an entry ({@link System#nanoTime()}). */
	private volatile long lastAcknowledged;

	/** The records this test wrote: partition → offset → eid. */
	private final Map<Integer, NavigableMap<Long, String>> written = new ConcurrentHashMap<>();

	KafkaQueueFaultsIntegrationTests(StandIns standIns) {
		this.sqs = standIns.sqs();
		this.queueUrl = standIns.queueUrl();
	}

	/** The gateway talks to the queue through the WireMock in front of it. */
	@DynamicPropertySource
	static void throughTheSqsFront(DynamicPropertyRegistry registry) {
		registry.add("acl.sqs.endpoint", sqsFront::baseUrl);
	}

	@AfterEach
	void disconnect() {
		log.close();
	}

	@BeforeEach
	void passThrough() {
		log = new FalconLog(bootstrapServers);
		sqsFront.resetAll();
		entryFaults.passTo(sqs.endpoint());
		entryFaults.fail(entry -> Optional.empty());
		entryFaults.onAcknowledged(this::record);
		sqsFront.stubFor(
				post(urlEqualTo("/")).atPriority(10).willReturn(aResponse().proxiedFrom(sqs.endpoint().toString())));
		sqsFront.stubFor(batches().atPriority(5).willReturn(aResponse().withTransformers(entryFaults.getName())));
		// Whatever an earlier test left in the log is on the queue before this one
		// counts.
		await().atMost(Duration.ofSeconds(60)).untilAsserted(this::assertAllCommitted);
		sqs.purge(queueUrl);
		onQueue.clear();
		onQueueIds.clear();
		resent.set(0);
		written.clear();
	}

	/**
	 * Many rooms, many events per room, interleaved; a fifth of the entries failed by the
	 * queue (not our fault, so resent) and a tenth of the calls answered 500 as a whole.
	 * Every event reaches the queue exactly once (counted before the queue's
	 * deduplication), each room's in topic order, and every offset ends up committed.
	 */
	@Test
	void partialSendMessageBatchFailuresKeepEachRoomsOrderAndSendEachEventExactlyOnce() {
		long seed = 20261130L;
		Random faults = new Random(seed);
		AtomicInteger failedEntries = new AtomicInteger();
		entryFaults.fail(entry -> {
			if (faults.nextDouble() < 0.2) {
				failedEntries.incrementAndGet();
				return Optional.of(new BatchEntryFaults.Fault(false,
						faults.nextBoolean() ? "ServiceUnavailable" : "InternalError"));
			}
			return Optional.empty();
		});
		Random whole = new Random(seed + 1);
		AtomicInteger failedCalls = new AtomicInteger();
		sqsFront.stubFor(batches().atPriority(1).andMatching(request -> {
			boolean fail = whole.nextDouble() < 0.1;
			if (fail) {
				failedCalls.incrementAndGet();
			}
			return MatchResult.of(fail);
		})
			.willReturn(aResponse().withStatus(500)
				.withHeader("Content-Type", "application/x-amz-json-1.0")
				.withBody("{\"__type\":\"com.amazonaws.sqs#InternalError\",\"message\":\"injected by the test\"}")));

		Map<Long, Long> perRoom = produceInterleaved(new Random(seed + 2), "partial", 1000, 40, 25);

		awaitEverythingOnTheQueueAndCommitted(perRoom, Duration.ofSeconds(240));
		assertThat(failedEntries.get()).as("seed %d: entries failed", seed).isGreaterThan(50);
		assertThat(failedCalls.get()).as("seed %d: calls failed as a whole", seed).isGreaterThan(5);
		assertExactlyOnceInRoomOrder(perRoom);
	}

	/**
	 * Falcon keeps writing while the queue is unreachable for 30 s: no committed offset
	 * ever passes a record the queue has not got (checked every quarter second, before,
	 * during and after the outage); then the relay catches up with nothing lost, nothing
	 * twice, each room in order.
	 */
	@Test
	void whileTheQueueIsDownForThirtySecondsMidStreamNothingIsCommittedPastWhatItAcknowledgedThenItCatchesUp()
			throws Exception {
		Map<Long, Long> perRoom = new ConcurrentHashMap<>();
		AtomicBoolean writing = new AtomicBoolean(true);
		ExecutorService falcon = Executors.newSingleThreadExecutor();
		try {
			Future<?> stream = falcon.submit(() -> {
				Random rooms = new Random(20261131L);
				for (int n = 0; writing.get(); n++) {
					long room = 2000 + rooms.nextInt(30);
					long mid = perRoom.merge(room, 1L, Long::sum);
					write("outage-" + n, room, mid);
					sleep(25);
				}
			});
			await().atMost(Duration.ofSeconds(30))
				.untilAsserted(() -> assertThat(onQueue).as("the stream flows").hasSizeGreaterThan(100));

			StubMapping down = sqsFront.stubFor(post(urlEqualTo("/")).atPriority(0)
				.willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
			long outage = System.nanoTime();
			await().during(Duration.ofSeconds(30))
				.atMost(Duration.ofSeconds(40))
				.pollInterval(Duration.ofMillis(250))
				.untilAsserted(this::nothingCommittedPastWhatTheQueueGot);
			assertThat(Duration.ofNanos(lastAcknowledged - outage))
				.as("nothing reached the queue while it was down (calls under way when it went are let finish)")
				.isLessThan(Duration.ofSeconds(2));
			Map<Integer, Long> committed = log.committedByPartition();
			assertThat(written).as("records written during the outage wait, uncommitted")
				.anySatisfy((partition, offsets) -> assertThat(offsets.lastKey())
					.isGreaterThanOrEqualTo(committed.getOrDefault(partition, 0L)));
			sqsFront.removeStub(down);

			sleep(2000);
			writing.set(false);
			stream.get(10, TimeUnit.SECONDS);
			await().atMost(Duration.ofSeconds(90))
				.pollInterval(Duration.ofMillis(250))
				.failFast("an event reached the queue a second time", () -> resent.get() > 0)
				.untilAsserted(() -> {
					nothingCommittedPastWhatTheQueueGot();
					assertThat((long) onQueue.size()).as(this::acknowledgedSoFar)
						.isGreaterThanOrEqualTo(perRoom.values().stream().mapToLong(n -> n).sum());
					assertAllCommitted();
				});
		}
		finally {
			writing.set(false);
			falcon.shutdownNow();
		}
		assertExactlyOnceInRoomOrder(perRoom);
	}

	/** Per partition, every record below the committed position is on the queue. */
	private void nothingCommittedPastWhatTheQueueGot() {
		Map<Integer, Long> committed = log.committedByPartition();
		written.forEach((partition, offsets) -> {
			long position = committed.getOrDefault(partition, 0L);
			offsets.headMap(position)
				.forEach((offset, eid) -> assertThat(onQueueIds)
					.as("partition %d committed at %d, past offset %d (%s) that the queue has not got", partition,
							position, offset, eid)
					.contains(eid));
		});
	}

	/**
	 * {@code count} events over {@code rooms} rooms (at most {@code perRoomMax} each),
	 * the rooms interleaved at random; answers each room's event count.
	 */
	private Map<Long, Long> produceInterleaved(Random random, String prefix, int count, int rooms, int perRoomMax) {
		Map<Long, Long> perRoom = new LinkedHashMap<>();
		for (int n = 0; n < count; n++) {
			long room;
			do {
				room = 1000 + random.nextInt(rooms);
			}
			while (perRoom.getOrDefault(room, 0L) >= perRoomMax);
			write(prefix + "-" + n, room, perRoom.merge(room, 1L, Long::sum));
		}
		return perRoom;
	}

	/**
	 * Writes one event, alternating the binding's two modes, and remembers its offset.
	 */
	private void write(String id, long room, long mid) {
		JsonNode event = json.readTree(SignedEvents.messagePosted(id, room, mid, "m" + mid));
		RecordMetadata at = (mid % 2 == 0) ? log.binary(Long.toString(room), event)
				: log.structured(Long.toString(room), event);
		written.computeIfAbsent(at.partition(), partition -> new ConcurrentSkipListMap<>()).put(at.offset(), id);
	}

	private void awaitEverythingOnTheQueueAndCommitted(Map<Long, Long> perRoom, Duration atMost) {
		long total = perRoom.values().stream().mapToLong(n -> n).sum();
		await().atMost(atMost)
			.pollInterval(Duration.ofMillis(250))
			.failFast("an event reached the queue a second time", () -> resent.get() > 0)
			.untilAsserted(() -> {
				assertThat((long) onQueue.size()).as(this::acknowledgedSoFar).isGreaterThanOrEqualTo(total);
				assertAllCommitted();
			});
	}

	private void assertAllCommitted() {
		Map<Integer, Long> committed = log.committedByPartition();
		log.endOffsets(PARTITIONS)
			.forEach((partition, end) -> assertThat(committed.getOrDefault(partition, 0L))
				.as(() -> "partition %d committed to its end; %s".formatted(partition, intake.view()))
				.isEqualTo(end));
	}

	/**
	 * What reached the queue (before its deduplication) and what the queue holds: every
	 * event once, each room's messages 1..n in order.
	 */
	private void assertExactlyOnceInRoomOrder(Map<Long, Long> perRoom) {
		List<Delivered> reached;
		synchronized (onQueue) {
			reached = new ArrayList<>(onQueue);
		}
		assertThat(reached).extracting(Delivered::eid).as("sent to the queue once each").doesNotHaveDuplicates();
		assertThat(byRoom(reached)).as("what reached the queue, per room in order").isEqualTo(expected(perRoom));

		List<Delivered> held = new ArrayList<>();
		for (Message message : sqs.drain(queueUrl)) {
			held.add(Delivered.of(json.readTree(message.body())));
		}
		assertThat(held).extracting(Delivered::eid).as("on the queue once each").doesNotHaveDuplicates();
		assertThat(byRoom(held)).as("what the queue holds, per room in order").isEqualTo(expected(perRoom));
	}

	private static Map<Long, List<Long>> byRoom(List<Delivered> messages) {
		Map<Long, List<Long>> rooms = new LinkedHashMap<>();
		messages
			.forEach(message -> rooms.computeIfAbsent(message.room(), room -> new ArrayList<>()).add(message.mid()));
		return rooms;
	}

	private static Map<Long, List<Long>> expected(Map<Long, Long> perRoom) {
		Map<Long, List<Long>> rooms = new LinkedHashMap<>();
		perRoom.forEach((room, count) -> rooms.put(room, LongStream.rangeClosed(1, count).boxed().toList()));
		return rooms;
	}

	private String acknowledgedSoFar() {
		return "events the queue acknowledged; " + intake.view();
	}

	/** An entry the queue acknowledged. */
	private void record(JsonNode entry) {
		Delivered delivered = Delivered.of(json.readTree(entry.get("MessageBody").asString()));
		onQueue.add(delivered);
		if (!onQueueIds.add(delivered.eid())) {
			resent.incrementAndGet();
		}
		lastAcknowledged = System.nanoTime();
	}

	private static MappingBuilder batches() {
		return post(urlEqualTo("/")).withHeader("X-Amz-Target", containing(BatchEntryFaults.SEND_MESSAGE_BATCH));
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** A legacy message as the queue got it: its event, room and message id. */
	private record Delivered(String eid, long room, long mid) {

		static Delivered of(JsonNode body) {
			return new Delivered(body.get("eid").asString(), body.get("rid").asLong(), body.get("mid").asLong());
		}

	}

}
