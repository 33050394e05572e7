package io.aclgateway.relay.view;

import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes room facts to the facts topic from a thread of its own: the caller (an event
 * loop among them) only adds to a bounded queue, and whatever Kafka does (slow metadata,
 * an outage) costs facts, counted as lost, never the relay's time. Acknowledged by the
 * partition leader only, never awaited. Nothing is sent before the topic is found fit (or
 * created), so a broker's auto-creation never makes it with the wrong settings.
 */
final class KafkaRoomFacts implements RoomFacts, AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(KafkaRoomFacts.class);

	/** Facts waiting for the sender: past this they are lost (counted). */
	static final int MAX_QUEUED = 10_000;

	private static final Duration RETRY_PREPARE = Duration.ofSeconds(10);

	private static final long IDLE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

	private final Producer<String, byte[]> producer;

	private final Supplier<Admin> admins;

	private final String source;

	private final String topic;

	private final boolean createTopic;

	private final Queue<RoomFact> queue = new ConcurrentLinkedQueue<>();

	private final AtomicInteger queued = new AtomicInteger();

	private final Counter published;

	private final Counter lost;

	/** Whether the last fact sent failed: a loss is logged once per spell. */
	private final AtomicBoolean losing = new AtomicBoolean();

	private final Thread sender;

	private volatile boolean running = true;

	KafkaRoomFacts(Producer<String, byte[]> producer, Supplier<Admin> admins, String source, String topic,
			boolean createTopic, MeterRegistry meters) {
		this.producer = producer;
		this.admins = admins;
		this.source = source;
		this.topic = topic;
		this.createTopic = createTopic;
		this.published = counter(meters, "published");
		this.lost = counter(meters, "lost");
		this.sender = new Thread(this::run, "acl-room-facts");
		this.sender.setDaemon(true);
	}

	private static Counter counter(MeterRegistry meters, String outcome) {
		return Counter.builder("acl.relay.view.facts")
			.description(
					"Room facts this replica published for the other replicas' views, or lost (Kafka slow or down)")
			.tag("outcome", outcome)
			.register(meters);
	}

	void start() {
		sender.start();
	}

	@Override
	public void publish(RoomFact fact) {
		if (queued.incrementAndGet() > MAX_QUEUED) {
			queued.decrementAndGet();
			lost(null);
			return;
		}
		queue.add(fact);
		LockSupport.unpark(sender);
	}

	private void run() {
		if (!prepare()) {
			return;
		}
		while (running) {
			RoomFact fact = queue.poll();
			if (fact == null) {
				LockSupport.parkNanos(this, IDLE_NANOS);
				continue;
			}
			queued.decrementAndGet();
			send(fact);
		}
	}

	/** The topic checked or created, trying again while it is not; false when stopped. */
	private boolean prepare() {
		while (running) {
			Admin admin = admins.get();
			try {
				FactsTopic.prepare(admin, source, topic, createTopic);
				return true;
			}
			catch (IllegalStateException | KafkaException ex) {
				if (running) {
					logger.error("Room facts are not published until the facts topic is fit, tried again in {}: {}",
							RETRY_PREPARE, ex.getMessage());
				}
			}
			finally {
				// Not the default close, which waits for unanswered calls for a minute.
				admin.close(FactsTopic.CLOSE_TIMEOUT);
			}
			LockSupport.parkNanos(this, RETRY_PREPARE.toNanos());
		}
		return false;
	}

	private void send(RoomFact fact) {
		try {
			producer.send(new ProducerRecord<>(topic, Long.toString(fact.room()), RoomFactJson.write(fact)),
					(metadata, failure) -> {
						if (failure == null) {
							published.increment();
							if (losing.compareAndSet(true, false)) {
								logger.info("Room facts are published again to {}", topic);
							}
						}
						else {
							lost(failure);
						}
					});
		}
		catch (KafkaException ex) {
			lost(ex);
		}
	}

	private void lost(@Nullable Exception failure) {
		lost.increment();
		if (losing.compareAndSet(false, true)) {
			logger.warn("Room facts are being lost (other replicas' shadow reads see this one's rooms late): {}",
					(failure != null) ? failure.toString() : "more than " + MAX_QUEUED + " waiting");
		}
	}

	@Override
	public void close() {
		running = false;
		sender.interrupt();
		try {
			sender.join(TimeUnit.SECONDS.toMillis(5));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		producer.close(Duration.ofSeconds(2));
	}

}
