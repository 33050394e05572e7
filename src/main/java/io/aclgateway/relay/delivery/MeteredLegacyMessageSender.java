package io.aclgateway.relay.delivery;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import reactor.core.publisher.Mono;

import io.aclgateway.relay.translation.LegacyCommand;
import io.aclgateway.relay.translation.LegacyMessage;

/**
 * Counts the messages the queue acknowledged, by command, and times each delivery. It
 * sits inside the circuit breaker, so that a delivery the open breaker refused is not
 * timed as a send.
 */
public final class MeteredLegacyMessageSender implements LegacyMessageSender {

	private final LegacyMessageSender delegate;

	private final Timer sendTime;

	private final Map<String, Counter> sent;

	private final MeterRegistry meters;

	public MeteredLegacyMessageSender(LegacyMessageSender delegate, MeterRegistry meters) {
		this.delegate = delegate;
		this.meters = meters;
		this.sendTime = Timer.builder("acl.sqs.send")
			.description("Time to put one request's legacy messages on the queue, retries included")
			.publishPercentileHistogram()
			.register(meters);
		// Registered at 0 from the start, so that rate() and alerts see the first
		// increase.
		this.sent = Arrays.stream(LegacyCommand.values())
			.map(LegacyCommand::wireName)
			.collect(Collectors.toUnmodifiableMap(Function.identity(), this::counter));
	}

	@Override
	public Mono<DeliveryReport> send(List<LegacyMessage> messages) {
		return Mono.defer(() -> {
			long start = System.nanoTime();
			return delegate.send(messages).doOnNext(report -> {
				sendTime.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
				for (LegacyMessage message : report.acknowledged()) {
					Counter counter = sent.get(message.cmd());
					// Every command of the catalog is registered; a message of another
					// would be a translator bug.
					(counter != null ? counter : counter(message.cmd())).increment();
				}
			});
		});
	}

	private Counter counter(String cmd) {
		return Counter.builder("acl.legacy.messages.sent")
			.description("Legacy messages acknowledged by the queue, by command")
			.tag("cmd", cmd)
			.register(meters);
	}

}
