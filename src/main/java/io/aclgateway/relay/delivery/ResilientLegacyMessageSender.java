package io.aclgateway.relay.delivery;

import java.util.List;
import java.util.concurrent.TimeUnit;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import reactor.core.publisher.Mono;

import io.aclgateway.relay.translation.LegacyMessage;

/**
 * A circuit breaker around the queue: once deliveries keep failing, requests are answered
 * at once with nothing acknowledged (so {@code POST /events} says 503 and Falcon resends
 * later) instead of each one waiting out the SDK's timeouts and retries against a queue
 * that is down.
 */
public final class ResilientLegacyMessageSender implements LegacyMessageSender {

	private final LegacyMessageSender delegate;

	private final CircuitBreaker breaker;

	public ResilientLegacyMessageSender(LegacyMessageSender delegate, CircuitBreaker breaker) {
		this.delegate = delegate;
		this.breaker = breaker;
	}

	@Override
	public Mono<DeliveryReport> send(List<LegacyMessage> messages) {
		return Mono.defer(() -> {
			if (!breaker.tryAcquirePermission()) {
				return Mono.just(DeliveryReport.all(messages, DeliveryReport.Outcome.FAILED));
			}
			long start = System.nanoTime();
			return delegate.send(messages).doOnNext(report -> {
				long nanos = System.nanoTime() - start;
				// A message refused for its content says nothing about the queue's
				// health.
				if (!report.queueFailed()) {
					breaker.onSuccess(nanos, TimeUnit.NANOSECONDS);
				}
				else {
					breaker.onError(nanos, TimeUnit.NANOSECONDS, new QueueDidNotAcknowledge(report));
				}
			}).doOnCancel(breaker::releasePermission);
		});
	}

	/**
	 * A delivery the queue failed (not one it refused for content) counts as a failure of
	 * the queue.
	 */
	static final class QueueDidNotAcknowledge extends RuntimeException {

		QueueDidNotAcknowledge(DeliveryReport report) {
			super((report.size() - report.acknowledged().size()) + " of " + report.size()
					+ " messages not acknowledged", null, false, false);
		}

	}

}
