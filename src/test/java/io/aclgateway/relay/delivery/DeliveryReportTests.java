package io.aclgateway.relay.delivery;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.aclgateway.relay.delivery.DeliveryReport.Outcome;
import io.aclgateway.relay.translation.LegacyMessage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A report answers for the very messages handed over, so that nobody counts positions.
 */
class DeliveryReportTests {

	@Test
	void answersForEachMessageHandedOverEvenWhenTwoAreEqual() {
		LegacyMessage first = message("a");
		LegacyMessage same = message("a");

		DeliveryReport report = DeliveryReport.of(List.of(first, same), List.of(Outcome.ACKNOWLEDGED, Outcome.FAILED));

		assertThat(report.outcomeOf(first)).isEqualTo(Outcome.ACKNOWLEDGED);
		assertThat(report.outcomeOf(same)).isEqualTo(Outcome.FAILED);
		assertThat(report.acknowledged()).singleElement().isSameAs(first);
	}

	@Test
	void refusesToAnswerForAMessageThatWasNotHandedOver() {
		DeliveryReport report = DeliveryReport.all(List.of(message("a")), Outcome.ACKNOWLEDGED);

		assertThatThrownBy(() -> report.outcomeOf(message("a"))).isInstanceOf(IllegalArgumentException.class);
	}

	@Test
	void theQueueFailedWhenAMessageFailedOrThereIsNoQueueButNotForRefusalsOrHeldMessages() {
		LegacyMessage a = message("a");
		LegacyMessage b = message("b");

		assertThat(DeliveryReport.of(List.of(a, b), List.of(Outcome.REJECTED, Outcome.HELD)).queueFailed()).isFalse();
		assertThat(DeliveryReport.of(List.of(a, b), List.of(Outcome.ACKNOWLEDGED, Outcome.FAILED)).queueFailed())
			.isTrue();
		assertThat(new NoQueueSender().send(List.of(a)).block().queueFailed()).isTrue();
	}

	static LegacyMessage message(String eid) {
		return message(eid, "chat_add");
	}

	static LegacyMessage message(String eid, String cmd) {
		return new LegacyMessage(cmd, eid, 7, "{}", Map.of("cmd", cmd, "eid", eid));
	}

}
