package io.aclgateway.routing.gateway;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.filter.NettyWriteResponseFilter;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;

import io.aclgateway.routing.rules.Target;
import io.aclgateway.support.ErrorDialect;

/**
 * Per-upstream bulkhead and circuit breaker around each forwarded request, and the answer in the
 * target's dialect when the upstream fails. A call's outcome is taken when its response starts
 * (status and time to first byte), so long streams neither count as slow nor hold the breaker.
 * Nothing here waits: permits are tried, never awaited, and are given back when a client cancels.
 */
public class UpstreamGuard implements GlobalFilter, Ordered {

	private static final Logger logger = LoggerFactory.getLogger(UpstreamGuard.class);

	private final ExchangeRouter router;

	private final MeterRegistry meters;

	private final Map<Target, CircuitBreaker> breakers = new EnumMap<>(Target.class);

	private final Map<Target, Bulkhead> bulkheads = new EnumMap<>(Target.class);

	private final Map<Target, Duration> openDurations = new EnumMap<>(Target.class);

	public UpstreamGuard(ExchangeRouter router, UpstreamsProperties upstreams, CircuitBreakerRegistry registry,
			MeterRegistry meters) {
		this.router = router;
		this.meters = meters;
		for (Target target : Target.values()) {
			UpstreamsProperties.Upstream upstream = (target == Target.FALCON) ? upstreams.falcon() : upstreams.legacy();
			breakers.put(target, registry.circuitBreaker(target.wireName(), breakerConfig(upstream.circuitBreaker())));
			openDurations.put(target, upstream.circuitBreaker().openDuration());
			bulkheads.put(target, Bulkhead.of(target.wireName(), BulkheadConfig.custom()
				.maxConcurrentCalls(upstream.maxConcurrentRequests())
				.maxWaitDuration(Duration.ZERO)
				.build()));
			for (String code : new String[] { UpstreamFailure.UNAVAILABLE, UpstreamFailure.TIMEOUT,
					UpstreamFailure.TOO_MANY }) {
				errors(target, code);
			}
		}
	}

	private static CircuitBreakerConfig breakerConfig(UpstreamsProperties.Breaker breaker) {
		return CircuitBreakerConfig.custom()
			.slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
			.slidingWindowSize(breaker.windowSize())
			.minimumNumberOfCalls(breaker.minimumCalls())
			.failureRateThreshold(breaker.failureRateThreshold())
			.slowCallDurationThreshold(breaker.slowCallDuration())
			.slowCallRateThreshold(breaker.slowCallRateThreshold())
			.waitDurationInOpenState(breaker.openDuration())
			.permittedNumberOfCallsInHalfOpenState(breaker.halfOpenCalls())
			.automaticTransitionFromOpenToHalfOpenEnabled(true)
			.recordException(error -> true)
			.build();
	}

	CircuitBreaker breaker(Target target) {
		return breakers.get(target);
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		Target target = router.route(exchange).decision().target();
		Bulkhead bulkhead = bulkheads.get(target);
		CircuitBreaker breaker = breakers.get(target);
		if (!bulkhead.tryAcquirePermission()) {
			return answer(exchange, target, UpstreamFailure.bulkheadFull(), Duration.ofSeconds(1));
		}
		if (!breaker.tryAcquirePermission()) {
			bulkhead.onComplete();
			return answer(exchange, target, UpstreamFailure.circuitOpen(), openDurations.get(target));
		}
		long start = System.nanoTime();
		AtomicBoolean recorded = new AtomicBoolean();
		exchange.getResponse().beforeCommit(() -> {
			if (recorded.compareAndSet(false, true)) {
				record(breaker, exchange.getResponse(), System.nanoTime() - start);
			}
			return Mono.empty();
		});
		return chain.filter(exchange).onErrorResume(error -> {
			if (recorded.compareAndSet(false, true)) {
				breaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, error);
			}
			if (exchange.getResponse().isCommitted()) {
				// The answer has begun; all that is left is to cut it, which tells the client it is incomplete.
				return Mono.error(error);
			}
			UpstreamFailure failure = UpstreamFailure.of(error);
			logger.warn("{} upstream failed for {} {}: {} ({})", target.wireName(),
					exchange.getRequest().getMethod(), exchange.getRequest().getPath().value(), failure.code(),
					error.getClass().getSimpleName());
			return answer(exchange, target, failure, null);
		}).doFinally(signal -> {
			bulkhead.onComplete();
			if (signal == SignalType.CANCEL && recorded.compareAndSet(false, true)) {
				// The client left before the upstream answered: no outcome to record, but the permit goes back.
				breaker.releasePermission();
			}
		});
	}

	private static void record(CircuitBreaker breaker, ServerHttpResponse response, long nanos) {
		HttpStatus status = HttpStatus.resolve(response.getStatusCode() != null ? response.getStatusCode().value() : 200);
		if (status != null && status.is5xxServerError()) {
			breaker.onError(nanos, TimeUnit.NANOSECONDS, new UpstreamAnsweredWithError(status));
		}
		else {
			breaker.onSuccess(nanos, TimeUnit.NANOSECONDS);
		}
	}

	private Mono<Void> answer(ServerWebExchange exchange, Target target, UpstreamFailure failure,
			@Nullable Duration retryAfter) {
		errors(target, failure.code()).increment();
		ErrorDialect dialect = (target == Target.LEGACY) ? ErrorDialect.LEGACY : ErrorDialect.PROBLEM;
		ServerHttpResponse response = exchange.getResponse();
		response.setStatusCode(failure.status());
		response.getHeaders().clear();
		response.getHeaders().setContentType(dialect.mediaType());
		if (retryAfter != null) {
			response.getHeaders().set("Retry-After", Long.toString(Math.max(1, retryAfter.toSeconds())));
		}
		DataBuffer body = response.bufferFactory().wrap(dialect.render(failure.status(), failure.code(), failure.message()));
		return response.writeWith(Mono.just(body));
	}

	private Counter errors(Target target, String code) {
		return Counter.builder("acl.upstream.errors")
			.description("Answers the gateway wrote for an upstream that failed, by target and code")
			.tag("target", target.wireName())
			.tag("code", code)
			.register(meters);
	}

	@Override
	public int getOrder() {
		// Inside the decision filter, outside the filter that writes the upstream's body, so that a
		// response that breaks before its first byte reaches the client is still answered in dialect.
		return NettyWriteResponseFilter.WRITE_RESPONSE_FILTER_ORDER - 1;
	}

	/** A 5xx answer counts as a failure for the breaker, though it is not an error of the call. */
	static final class UpstreamAnsweredWithError extends RuntimeException {

		UpstreamAnsweredWithError(HttpStatus status) {
			super("upstream answered " + status.value(), null, false, false);
		}

	}

}
