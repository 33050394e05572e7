package io.aclgateway.relay.delivery;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import io.aclgateway.relay.delivery.DeliveryReport.Outcome;
import io.aclgateway.relay.translation.LegacyMessage;

import static io.aclgateway.relay.delivery.DeliveryReportTests.message;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The queue's circuit breaker: it opens on deliveries the queue failed, never on refusals
 * for content.
 */
class ResilientLegacyMessageSenderTests {

	private final CircuitBreaker breaker = CircuitBreaker.of("sqs",
			CircuitBreakerConfig.custom()
				.slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
				.slidingWindowSize(2)
				.minimumNumberOfCalls(2)
				.failureRateThreshold(50)
				.waitDurationInOpenState(Duration.ofMinutes(1))
				.build());

	private final AtomicInteger calls = new AtomicInteger();

	private final List<LegacyMessage> messages = List.of(message("a"), message("b"));

	@Test
	void opensAfterFailedDeliveriesAndThenAnswersEveryMessageFailedWithoutTryingTheQueue() {
		ResilientLegacyMessageSender sender = new ResilientLegacyMessageSender(answering(Outcome.FAILED), breaker);
		sender.send(messages).block();
		sender.send(messages).block();

		DeliveryReport refused = sender.send(messages).block();

		assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
		assertThat(calls).hasValue(2);
		assertThat(messages).allSatisfy(message -> assertThat(refused.outcomeOf(message)).isEqualTo(Outcome.FAILED));
	}

	@Test
	void staysClosedWhenTheQueueOnlyRefusesMessagesForTheirContent() {
		ResilientLegacyMessageSender sender = new ResilientLegacyMessageSender(answering(Outcome.REJECTED), breaker);
		for (int i = 0; i < 5; i++) {
			sender.send(messages).block();
		}

		assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
		assertThat(calls).hasValue(5);
	}

	@Test
	void givesThePermitBackWhenTheDeliveryIsCancelled() {
		CircuitBreaker halfOpen = CircuitBreaker.of("sqs",
				CircuitBreakerConfig.custom().permittedNumberOfCallsInHalfOpenState(1).build());
		halfOpen.transitionToOpenState();
		halfOpen.transitionToHalfOpenState();
		ResilientLegacyMessageSender sender = new ResilientLegacyMessageSender(messages -> Mono.never(), halfOpen);

		sender.send(messages).subscribe().dispose();

		assertThat(halfOpen.tryAcquirePermission()).as("the one trial permit is free again").isTrue();
	}

	private LegacyMessageSender answering(Outcome outcome) {
		return sent -> Mono.fromSupplier(() -> {
			calls.incrementAndGet();
			return DeliveryReport.all(sent, outcome);
		});
	}

}
