package io.aclgateway.relay.delivery;

import java.util.List;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import reactor.core.publisher.Mono;

import io.aclgateway.relay.translation.LegacyMessage;

/** Counts the messages the queue acknowledged, by command, and times each delivery. */
public final class MeteredLegacyMessageSender implements LegacyMessageSender {

	private final LegacyMessageSender delegate;

	private final MeterRegistry meters;

	private final Timer sendTime;

	public MeteredLegacyMessageSender(LegacyMessageSender delegate, MeterRegistry meters) {
		this.delegate = delegate;
		this.meters = meters;
		this.sendTime = Timer.builder("acl.sqs.send")
			.description("Time to put one request's legacy messages on the queue, retries included")
			.publishPercentileHistogram()
			.register(meters);
	}

	@Override
	public Mono<DeliveryReport> send(List<LegacyMessage> messages) {
		return Mono.defer(() -> {
			long start = System.nanoTime();
			return delegate.send(messages).doOnNext(report -> {
				sendTime.record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
				for (int i = 0; i < messages.size(); i++) {
					if (report.isAcknowledged(i)) {
						sent(messages.get(i).cmd()).increment();
					}
				}
			});
		});
	}

	private Counter sent(String cmd) {
		return Counter.builder("acl.legacy.messages.sent")
			.description("Legacy messages acknowledged by the queue, by command")
			.tag("cmd", cmd)
			.register(meters);
	}

}
