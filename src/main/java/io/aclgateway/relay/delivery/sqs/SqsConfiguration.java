package io.aclgateway.relay.delivery.sqs;

import java.time.Duration;
import java.util.Objects;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.SqsAsyncClientBuilder;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.aclgateway.relay.delivery.LegacyMessageSender;
import io.aclgateway.relay.delivery.MessageCheck;
import io.aclgateway.relay.delivery.MeteredLegacyMessageSender;
import io.aclgateway.relay.delivery.ResilientLegacyMessageSender;
import io.aclgateway.support.CountBasedBreakers;

/**
 * Wires SQS delivery: the client and the sender only when a queue is configured, the size
 * limit always.
 */
@Configuration(proxyBeanMethods = false)
class SqsConfiguration {

	/**
	 * The consumers' size limit holds whether or not a queue is configured: an oversized
	 * event is refused either way.
	 */
	@Bean
	MessageCheck sqsMessageSize(SqsQueueProperties properties) {
		return new SqsMessageSize(properties.maxMessageBytes());
	}

	/** The non-blocking SQS client, only when there is a queue to talk to. */
	@Bean(destroyMethod = "close")
	@ConditionalOnProperty(prefix = SqsQueueProperties.PREFIX, name = "queue-url")
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

	/**
	 * SQS delivery, metered, behind a circuit breaker; the decorators are composed here,
	 * where they can be seen.
	 */
	@Bean
	@ConditionalOnProperty(prefix = SqsQueueProperties.PREFIX, name = "queue-url")
	LegacyMessageSender legacyMessageSender(SqsAsyncClient sqs, SqsQueueProperties properties, MeterRegistry meters,
			CircuitBreakerRegistry circuitBreakers) {
		QueueRouting queues = new QueueRouting(
				Objects.requireNonNull(properties.queueUrl(), "the condition above holds it"), properties.queues());
		SqsLegacyMessageSender.Retries retries = new SqsLegacyMessageSender.Retries(properties.sendAttempts(),
				Duration.ofMillis(50), Duration.ofMillis(500));
		CircuitBreaker queueBreaker = circuitBreakers.circuitBreaker("sqs", breakerConfig(properties.queueBreaker()));
		// The breaker outside the meter: a delivery the open breaker refuses at once is
		// no send to time.
		return new ResilientLegacyMessageSender(
				new MeteredLegacyMessageSender(new SqsLegacyMessageSender(sqs, queues, retries), meters), queueBreaker);
	}

	private static CircuitBreakerConfig breakerConfig(SqsQueueProperties.QueueBreaker breaker) {
		return CountBasedBreakers
			.config(breaker.windowSize(), breaker.minimumCalls(), breaker.failureRateThreshold(),
					breaker.openDuration(), 1)
			.build();
	}

}
