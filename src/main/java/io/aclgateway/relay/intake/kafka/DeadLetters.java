package io.aclgateway.relay.intake.kafka;

import java.util.concurrent.CompletableFuture;

import io.micrometer.core.instrument.Counter;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.aclgateway.relay.core.DeadLetter;
import io.aclgateway.relay.core.DeadLetterSender;

/**
 * Puts a record the relay will not deliver on the dead-letter queue with its reason
 * (events.md 5.2.4), or, without one, says loudly that its room is held.
 */
final class DeadLetters {

	private static final Logger logger = LoggerFactory.getLogger(DeadLetters.class);

	private final @Nullable DeadLetterSender sender;

	private final Counter deadLettered;

	private final Counter held;

	DeadLetters(@Nullable DeadLetterSender sender, Counter deadLettered, Counter held) {
		this.sender = sender;
		this.deadLettered = deadLettered;
		this.held = held;
	}

	/** A later record of a held room was parked behind it. */
	void parked() {
		held.increment();
	}

	/**
	 * Completes with whether the queue acknowledged the dead letter; never fails: a
	 * record that could not be dead-lettered is held all the same.
	 */
	CompletableFuture<Boolean> send(SourceRecord record, String reason, String detail, @Nullable String eid) {
		DeadLetter letter = new DeadLetter(reason, detail, eid, record.roomId(),
				new DeadLetter.Source("kafka", record.topic(), record.partition(), record.offset(), record.time(),
						record.key(), record.parkedKey()),
				new DeadLetter.Original(record.headerText(), record.value()));
		DeadLetterSender queue = sender;
		if (queue == null) {
			logger.error(
					"Room {} is held: event {} of {}-{}@{} cannot be delivered ({}: {}); no dead-letter queue is"
							+ " configured (acl.events.dead-letter-queue-url), the record waits in the parking topic"
							+ " until the room is released",
					record.room(), eid, record.topic(), record.partition(), record.offset(), reason, letter.detail());
			held.increment();
			return CompletableFuture.completedFuture(false);
		}
		CompletableFuture<Boolean> sent = new CompletableFuture<>();
		queue.send(letter).subscribe(null, error -> {
			logger.error(
					"Room {} is held: event {} of {}-{}@{} cannot be delivered ({}: {}) and the dead-letter queue"
							+ " did not take it",
					record.room(), eid, record.topic(), record.partition(), record.offset(), reason, letter.detail(),
					error);
			held.increment();
			sent.complete(false);
		}, () -> {
			logger.warn("Room {} is held: event {} of {}-{}@{} is on the dead-letter queue ({}: {})", record.room(),
					eid, record.topic(), record.partition(), record.offset(), reason, letter.detail());
			deadLettered.increment();
			sent.complete(true);
		});
		return sent;
	}

}
