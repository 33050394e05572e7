package io.aclgateway.shadow;

import java.util.function.BooleanSupplier;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.jspecify.annotations.Nullable;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.cloud.gateway.config.HttpClientProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.aclgateway.relay.core.RoomActivity;
import io.aclgateway.routing.proxy.ExchangeDecisions;
import io.aclgateway.routing.proxy.UpstreamHeaderFilters;
import io.aclgateway.routing.proxy.UpstreamsProperties;
import io.aclgateway.routing.reload.LiveRoutingRules;
import io.aclgateway.routing.rules.Target;
import io.aclgateway.shadow.compare.AnswerComparator;
import io.aclgateway.shadow.compare.BodyDecoding;
import io.aclgateway.support.ConditionalOnRole;
import io.aclgateway.support.InstanceRole;

/**
 * Wires shadow reads on an instance that proxies: the filter in the proxy pipeline, the
 * shadow clients of both upstreams and the bounded comparing threads.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnRole({ InstanceRole.BOTH, InstanceRole.GATEWAY })
class ShadowConfiguration {

	/**
	 * Threads that compare: few (comparing is CPU work and must not crowd the event
	 * loops), with a bounded queue in front.
	 */
	private static final int COMPARING_THREADS = 2;

	/** Falcon's shadow reads: a pool of their own, marked {@code X-Shadow-Request: 1}. */
	@Bean
	HttpShadowLeg falconShadowLeg(UpstreamsProperties upstreams, ShadowProperties properties,
			HttpClientProperties httpClient) {
		UpstreamsProperties.Upstream falcon = upstreams.of(Target.FALCON);
		return new HttpShadowLeg("shadow-falcon", falcon.uri(), falcon.preserveHost(), true, properties,
				httpClient.getPool());
	}

	/**
	 * Legacy's second reads (noise samples, rechecks): a pool of their own, never the
	 * live one, and unmarked: a second read is the request legacy already answered, so
	 * that what differs between the two is legacy's own variation.
	 */
	@Bean
	HttpShadowLeg legacyShadowLeg(UpstreamsProperties upstreams, ShadowProperties properties,
			HttpClientProperties httpClient) {
		UpstreamsProperties.Upstream legacy = upstreams.of(Target.LEGACY);
		return new HttpShadowLeg("shadow-legacy", legacy.uri(), legacy.preserveHost(), false, properties,
				httpClient.getPool());
	}

	/** Bounded comparing work: a full queue rejects, and the comparison is skipped. */
	@Bean(destroyMethod = "dispose")
	Scheduler shadowComparisons(ShadowProperties properties) {
		return Schedulers.newBoundedElastic(COMPARING_THREADS, properties.maxQueuedComparisons(), "shadow-compare", 60,
				true);
	}

	@Bean
	ShadowFilter shadowFilter(ExchangeDecisions decisions, LiveRoutingRules rules, UpstreamHeaderFilters headersFilters,
			ObjectProvider<RoomActivity> roomActivity, ObjectProvider<ShadowResults> results,
			CircuitBreakerRegistry circuitBreakers, HttpShadowLeg falconShadowLeg, HttpShadowLeg legacyShadowLeg,
			Scheduler shadowComparisons, ShadowProperties properties) {
		// report's ShadowResults when present; without it (this half alone) nothing is
		// told.
		ShadowResults told = results.getIfAvailable(() -> result -> {
		});
		AnswerComparator comparator = new AnswerComparator();
		Shadows shadows = new Shadows(falconShadowLeg, legacyShadowLeg, falconCircuitOpen(circuitBreakers),
				comparator::compare, ShadowConfiguration::decoding, shadowComparisons, told, properties);
		return new ShadowFilter(decisions, rules::rules, headersFilters::getObject, roomActivity.getIfAvailable(),
				shadows, properties);
	}

	/**
	 * Whether Falcon's live breaker refuses calls now: read, never acquired, so shadow
	 * reads neither take its trial calls nor count in it. Half-open counts as refusing: a
	 * recovering Falcon gets its trial calls, not shadow load.
	 */
	private static BooleanSupplier falconCircuitOpen(CircuitBreakerRegistry circuitBreakers) {
		return () -> circuitBreakers.find(Target.FALCON.wireName())
			.map(CircuitBreaker::getState)
			.map(state -> switch (state) {
				case OPEN, FORCED_OPEN, HALF_OPEN -> true;
				case CLOSED, DISABLED, METRICS_ONLY -> false;
			})
			.orElse(false);
	}

	/** shadow.compare's decoding, a body it cannot decode within the budget skipped. */
	private static byte[] decoding(@Nullable String contentEncoding, byte[] body, int budget) {
		BodyDecoding.Result result = BodyDecoding.decode(contentEncoding, body, budget);
		if (result instanceof BodyDecoding.Decoded decoded) {
			return decoded.body();
		}
		throw new AnswerDecoding.NotComparable(result.toString());
	}

}
