package io.aclgateway.relay;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.SqsAsyncClientBuilder;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

import io.aclgateway.relay.delivery.LegacyMessageSender;
import io.aclgateway.relay.delivery.MeteredLegacyMessageSender;
import io.aclgateway.relay.delivery.QueueRouting;
import io.aclgateway.relay.delivery.ResilientLegacyMessageSender;
import io.aclgateway.relay.delivery.sqs.SqsLegacyMessageSender;
import io.aclgateway.relay.delivery.sqs.SqsProperties;
import io.aclgateway.relay.intake.EventsHandler;
import io.aclgateway.relay.intake.EventsProperties;
import io.aclgateway.relay.intake.WebhookVerifier;

import static org.springframework.web.reactive.function.server.RequestPredicates.POST;

/** Wires the relay: {@code POST /events} in, translation, legacy messages out on SQS. */
@Configuration(proxyBeanMethods = false)
class RelayConfiguration {

	/**
	 * {@code POST /events}, a plain WebFlux handler: it runs before the gateway's routes and reads
	 * the body itself, bounded, instead of through the gateway's body-caching filters.
	 */
	@Bean
	RouterFunction<ServerResponse> eventsRoute(EventsHandler handler) {
		return RouterFunctions.route(POST("/events"), handler::handle);
	}

	@Bean
	EventsHandler eventsHandler(EventsProperties properties, ObjectProvider<LegacyMessageSender> sender,
			MeterRegistry meters, Clock clock) {
		return new EventsHandler(new WebhookVerifier(properties.signingSecrets(), clock), sender.getIfAvailable(),
				properties, meters);
	}

	/** The non-blocking SQS client, only when there is a queue to talk to. */
	@Bean(destroyMethod = "close")
	@ConditionalOnProperty(prefix = EventsProperties.PREFIX, name = "queue-url")
	SqsAsyncClient sqsAsyncClient(SqsProperties properties, @Value("${aws.region:}") String region) {
		SqsAsyncClientBuilder builder = SqsAsyncClient.builder()
			.httpClientBuilder(NettyNioAsyncHttpClient.builder()
				.maxConcurrency(properties.maxConcurrency())
				.connectionTimeout(Duration.ofSeconds(2)))
			.overrideConfiguration(config -> config.apiCallTimeout(properties.apiCallTimeout())
				.apiCallAttemptTimeout(properties.apiCallAttemptTimeout()));
		if (properties.endpoint() != null) {
			builder.endpointOverride(properties.endpoint());
		}
		if (!region.isBlank()) {
			builder.region(Region.of(region));
		}
		return builder.build();
	}

	/** SQS delivery, metered, behind a circuit breaker; the decorators are composed here, where they can be seen. */
	@Bean
	@ConditionalOnProperty(prefix = EventsProperties.PREFIX, name = "queue-url")
	LegacyMessageSender legacyMessageSender(SqsAsyncClient sqs, EventsProperties properties, MeterRegistry meters,
			CircuitBreakerRegistry circuitBreakers) {
		// Present: the bean is conditional on it.
		QueueRouting queues = new QueueRouting(Objects.requireNonNull(properties.queueUrl()),
				(properties.queues() != null) ? properties.queues() : Map.of());
		SqsLegacyMessageSender.Retries retries = new SqsLegacyMessageSender.Retries(properties.sendAttempts(),
				Duration.ofMillis(50), Duration.ofMillis(500));
		CircuitBreaker queueBreaker = circuitBreakers.circuitBreaker("sqs", CircuitBreakerConfig.custom()
			.slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
			.slidingWindowSize(properties.queueBreaker().windowSize())
			.minimumNumberOfCalls(properties.queueBreaker().minimumCalls())
			.failureRateThreshold(properties.queueBreaker().failureRateThreshold())
			.waitDurationInOpenState(properties.queueBreaker().openDuration())
			.permittedNumberOfCallsInHalfOpenState(1)
			.automaticTransitionFromOpenToHalfOpenEnabled(true)
			.build());
		// The breaker outside the meter: a delivery the open breaker refuses at once is no send to time.
		return new ResilientLegacyMessageSender(
				new MeteredLegacyMessageSender(new SqsLegacyMessageSender(sqs, queues, retries), meters), queueBreaker);
	}

}
