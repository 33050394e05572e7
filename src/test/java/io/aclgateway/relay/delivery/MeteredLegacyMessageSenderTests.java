package io.aclgateway.relay.delivery;

import java.util.List;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import io.aclgateway.relay.delivery.DeliveryReport.Outcome;
import io.aclgateway.relay.translation.LegacyCommand;
import io.aclgateway.relay.translation.LegacyMessage;

import static io.aclgateway.relay.delivery.DeliveryReportTests.message;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code acl_legacy_messages_sent_total} counts what the queue acknowledged;
 * {@code acl_sqs_send} times each delivery.
 */
class MeteredLegacyMessageSenderTests {

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	@Test
	void countsOnlyTheAcknowledgedMessagesByCommandAndTimesTheDelivery() {
		LegacyMessage posted = message("a", "chat_add");
		LegacyMessage failed = message("b", "chat_add");
		LegacyMessage task = message("c#1", "task_add");
		LegacyMessageSender fake = messages -> Mono
			.just(DeliveryReport.of(messages, List.of(Outcome.ACKNOWLEDGED, Outcome.FAILED, Outcome.ACKNOWLEDGED)));

		new MeteredLegacyMessageSender(fake, meters).send(List.of(posted, failed, task)).block();

		assertThat(sent("chat_add")).isEqualTo(1);
		assertThat(sent("task_add")).isEqualTo(1);
		assertThat(sent("chat_read")).isZero();
		assertThat(meters.get("acl.sqs.send").timer().count()).isEqualTo(1);
	}

	@Test
	void registersEveryCommandAtZeroFromTheStart() {
		new MeteredLegacyMessageSender(messages -> Mono.empty(), meters);

		assertThat(meters.find("acl.legacy.messages.sent").counters()).hasSize(LegacyCommand.values().length);
	}

	private double sent(String cmd) {
		return meters.get("acl.legacy.messages.sent").tag("cmd", cmd).counter().count();
	}

}
