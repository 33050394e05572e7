package io.aclgateway.relay;

import java.time.Clock;
import java.time.Duration;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

import io.aclgateway.relay.contract.FalconEventReader;
import io.aclgateway.relay.core.EventRelay;
import io.aclgateway.relay.core.InMemoryRoomLedger;
import io.aclgateway.relay.core.MeteredEventRelay;
import io.aclgateway.relay.core.RoomLedger;
import io.aclgateway.relay.core.TranslatingEventRelay;
import io.aclgateway.relay.delivery.LegacyMessageSender;
import io.aclgateway.relay.delivery.MessageCheck;
import io.aclgateway.relay.delivery.NoQueueSender;
import io.aclgateway.relay.intake.EventsHandler;
import io.aclgateway.relay.intake.EventsProperties;
import io.aclgateway.relay.intake.WebhookVerifier;
import io.aclgateway.relay.translation.LegacySchema;
import io.aclgateway.relay.translation.LegacyTranslator;
import io.aclgateway.support.ConditionalOnRole;
import io.aclgateway.support.InstanceRole;

import static org.springframework.web.reactive.function.server.RequestPredicates.POST;

/**
 * Wires the relay: {@code POST /events} in, the relay use case at the centre, legacy
 * messages out (the SQS side is wired in {@code delivery.sqs.SqsConfiguration}).
 */
@Configuration(proxyBeanMethods = false)
class RelayConfiguration {

	/**
	 * How long this replica remembers a room's last delivery: longer than any shadow lag
	 * window.
	 */
	private static final Duration REMEMBER_DELIVERIES = Duration.ofMinutes(1);

	/**
	 * {@code POST /events}, a plain WebFlux handler: it runs before the gateway's routes
	 * and reads the body itself, bounded, instead of through the gateway's body-caching
	 * filters. A relay-only instance takes no events over HTTP (404, like any path).
	 */
	@Bean
	@ConditionalOnRole({ InstanceRole.BOTH, InstanceRole.GATEWAY })
	RouterFunction<ServerResponse> eventsRoute(EventsHandler handler) {
		return RouterFunctions.route(POST("/events"), handler::handle);
	}

	@Bean
	EventsHandler eventsHandler(EventsProperties properties, EventRelay relay, MeterRegistry meters, Clock clock) {
		return new EventsHandler(new WebhookVerifier(properties.signingSecrets(), clock), relay, properties, meters);
	}

	/**
	 * Per-room state the relay writes around each send; shadow reads ask it which rooms
	 * are lagging (as {@link io.aclgateway.relay.core.RoomActivity}).
	 */
	@Bean
	InMemoryRoomLedger roomLedger(Clock clock) {
		return new InMemoryRoomLedger(clock, REMEMBER_DELIVERIES);
	}

	/** Events into legacy messages (events.md section 3). */
	@Bean
	LegacyTranslator legacyTranslator() {
		return new LegacyTranslator();
	}

	/**
	 * The legacy JSON Schemas, read from the jar and compiled once, at start: a missing
	 * or broken schema stops the start, never a request.
	 */
	@Bean
	LegacySchema legacySchema() {
		return LegacySchema.load();
	}

	/**
	 * The use case, counted; without a queue configured the sender answers "no queue" for
	 * every message, so {@code POST /events} says 503 after validating the events as
	 * always.
	 */
	@Bean
	EventRelay eventRelay(ObjectProvider<LegacyMessageSender> sender, LegacyTranslator translator, LegacySchema schema,
			MessageCheck check, RoomLedger ledger, MeterRegistry meters) {
		return new MeteredEventRelay(new TranslatingEventRelay(new FalconEventReader(), translator, schema, check,
				sender.getIfAvailable(NoQueueSender::new), ledger), meters);
	}

}
