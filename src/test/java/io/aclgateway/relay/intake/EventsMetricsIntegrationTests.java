package io.aclgateway.relay.intake;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.aclgateway.relay.contract.FalconEventType;
import io.aclgateway.relay.translation.LegacyCommand;
import io.aclgateway.testing.GatewayIntegrationTest;
import io.aclgateway.testing.SignedEvents;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * operations.md's event metrics: every series exported from the start (so that
 * {@code rate()} and alerts see the first increase), and requests answered before any
 * event is read counted too.
 */
@GatewayIntegrationTest(upstreams = {}, queues = "metered.fifo", properties = "acl.events.max-request-bytes=2048")
class EventsMetricsIntegrationTests {

	/**
	 * Every type of the catalog, and {@code unknown}: the names themselves are pinned by
	 * the surface snapshot.
	 */
	static final List<String> TYPES = Stream
		.concat(Arrays.stream(FalconEventType.values()).map(FalconEventType::wireName), Stream.of("unknown"))
		.toList();

	static final List<String> COMMANDS = Arrays.stream(LegacyCommand.values()).map(LegacyCommand::wireName).toList();

	@LocalServerPort
	int port;

	@Autowired
	MeterRegistry meters;

	@Test
	void exportsEveryEventTypeOutcomeAndCommandBeforeTheFirstEvent() {
		for (String type : TYPES) {
			for (String outcome : List.of("accepted", "rejected", "failed", "rejected_by_queue")) {
				assertThat(meters.find("acl.events").tag("type", type).tag("outcome", outcome).counter())
					.as("acl_events_total{type=%s,outcome=%s}", type, outcome)
					.isNotNull();
			}
		}
		for (String cmd : COMMANDS) {
			assertThat(meters.find("acl.legacy.messages.sent").tag("cmd", cmd).counter())
				.as("acl_legacy_messages_sent_total{cmd=%s}", cmd)
				.isNotNull();
		}
		for (String code : List.of("accepted", "unauthenticated", "unsupported_media_type", "request_too_large",
				"invalid_json", "invalid_cloudevent", "batch_size", "duplicate_id", "invalid_events",
				"queue_unavailable", "rejected_by_queue", "translation_failed")) {
			assertThat(meters.find("acl.events.requests").tag("code", code).counter())
				.as("acl_events_requests_total{code=%s}", code)
				.isNotNull();
		}
	}

	@Test
	void countsARequestAnswered413() throws Exception {
		double before = tooLarge();

		assertThat(new SignedEvents(port)
			.post(SignedEvents.SINGLE, SignedEvents.messagePosted("big", 1, 1, "x".repeat(4096)))
			.statusCode()).isEqualTo(413);

		assertThat(tooLarge()).isEqualTo(before + 1);
	}

	private double tooLarge() {
		var counter = meters.find("acl.events.requests").tag("code", "request_too_large").counter();
		return (counter != null) ? counter.count() : 0;
	}

}
