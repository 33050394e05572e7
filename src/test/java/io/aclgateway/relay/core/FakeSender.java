package io.aclgateway.relay.core;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import io.aclgateway.relay.delivery.DeliveryReport;
import io.aclgateway.relay.delivery.DeliveryReport.Outcome;
import io.aclgateway.relay.delivery.LegacyMessageSender;
import io.aclgateway.relay.translation.LegacyMessage;

/**
 * A sender that records each delivery and answers each message by its {@code eid};
 * optionally it holds its answer until {@link #release()}, to look at the relay while a
 * send is in flight.
 */
final class FakeSender implements LegacyMessageSender {

	final List<List<LegacyMessage>> deliveries = new ArrayList<>();

	private final Function<String, Outcome> outcomeByEid;

	private final Sinks.Empty<Void> gate = Sinks.empty();

	private boolean gated;

	FakeSender(Function<String, Outcome> outcomeByEid) {
		this.outcomeByEid = outcomeByEid;
	}

	static FakeSender acknowledgingEverything() {
		return new FakeSender(eid -> Outcome.ACKNOWLEDGED);
	}

	FakeSender gated() {
		this.gated = true;
		return this;
	}

	void release() {
		gate.tryEmitEmpty();
	}

	/** The eids of every message sent, delivery by delivery. */
	List<List<String>> sentEids() {
		return deliveries.stream().map(messages -> messages.stream().map(LegacyMessage::eid).toList()).toList();
	}

	@Override
	public Mono<DeliveryReport> send(List<LegacyMessage> messages) {
		deliveries.add(List.copyOf(messages));
		DeliveryReport report = DeliveryReport.of(messages,
				messages.stream().map(message -> outcomeByEid.apply(message.eid())).toList());
		return gated ? gate.asMono().then(Mono.just(report)) : Mono.just(report);
	}

}
