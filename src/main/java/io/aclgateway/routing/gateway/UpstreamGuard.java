package io.aclgateway.routing.gateway;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;
import reactor.netty.Connection;
import reactor.util.retry.Retry;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.filter.NettyWriteResponseFilter;
import org.springframework.core.Ordered;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;

import io.aclgateway.routing.rules.Target;
import io.aclgateway.support.TraceLogging;

/**
 * Per-upstream bulkhead, stream limit and circuit breaker around each forwarded request, and the
 * answer in the target's dialect when the upstream fails. A call holds a bulkhead permit only while
 * it waits for its response to start; from then on it is a stream (a download, server-sent events,
 * a long poll's answer, a WebSocket), counted against the upstream's stream limit and closed when
 * the upstream sends nothing for the stream idle timeout. So long-lived responses never starve the
 * requests still waiting for an answer. A call's outcome is taken when its response starts (status
 * and time to first byte), so long streams neither count as slow nor hold the breaker. Nothing here
 * waits: permits are tried, never awaited, and are given back when a client cancels.
 */
public class UpstreamGuard implements GlobalFilter, Ordered {

	/**
	 * Inside the decision filter, outside the filter that writes the upstream's body, so that a
	 * response that breaks before its first byte reaches the client is still answered in dialect.
	 */
	static final int ORDER = NettyWriteResponseFilter.WRITE_RESPONSE_FILTER_ORDER - 1;

	private static final Logger logger = LoggerFactory.getLogger(UpstreamGuard.class);

	private final RetryBudget retryBudget;

	private final ExchangeRouter router;

	private final UpstreamErrors errors;

	// Each map: one entry per target, put by the constructor, so get(target) is never null.
	private final Map<Target, CircuitBreaker> breakers = new EnumMap<>(Target.class);

	private final Map<Target, Bulkhead> bulkheads = new EnumMap<>(Target.class);

	private final Map<Target, Duration> openDurations = new EnumMap<>(Target.class);

	/** Responses that have started and not yet ended, per upstream. */
	private final Map<Target, AtomicInteger> streams = new EnumMap<>(Target.class);

	private final Map<Target, Integer> maxStreams = new EnumMap<>(Target.class);

	private final Map<Target, Duration> streamIdleTimeouts = new EnumMap<>(Target.class);

	private static final Set<HttpMethod> SAFE_METHODS = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);

	private static final int MAX_RETRIES = 2;

	private static final Duration FIRST_BACKOFF = Duration.ofMillis(25);

	public UpstreamGuard(ExchangeRouter router, UpstreamsProperties upstreams, CircuitBreakerRegistry registry,
			MeterRegistry meters, UpstreamErrors errors, RetryBudget retryBudget) {
		this.router = router;
		this.retryBudget = retryBudget;
		this.errors = errors;
		for (Target target : Target.values()) {
			UpstreamsProperties.Upstream upstream = (target == Target.FALCON) ? upstreams.falcon() : upstreams.legacy();
			breakers.put(target, registry.circuitBreaker(target.wireName(), breakerConfig(upstream.circuitBreaker())));
			openDurations.put(target, upstream.circuitBreaker().openDuration());
			bulkheads.put(target, Bulkhead.of(target.wireName(), BulkheadConfig.custom()
				.maxConcurrentCalls(upstream.maxConcurrentRequests())
				.maxWaitDuration(Duration.ZERO)
				.build()));
			AtomicInteger open = new AtomicInteger();
			streams.put(target, open);
			maxStreams.put(target, upstream.maxStreams());
			streamIdleTimeouts.put(target, upstream.streamIdleTimeout());
			Gauge.builder("acl.upstream.streams", open, AtomicInteger::get)
				.description("Responses from the upstream that have started and are still being received")
				.tag("target", target.wireName())
				.register(meters);
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
		return Objects.requireNonNull(breakers.get(target));
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		Target target = router.route(exchange).decision().target();
		Bulkhead bulkhead = Objects.requireNonNull(bulkheads.get(target));
		CircuitBreaker breaker = breaker(target);
		AtomicInteger open = Objects.requireNonNull(streams.get(target));
		if (open.get() >= Objects.requireNonNull(maxStreams.get(target))) {
			// A started response cannot be refused any more, so the limit is kept here, before forwarding.
			return answer(exchange, target, UpstreamFailure.streamsFull(), Duration.ofSeconds(1));
		}
		if (!bulkhead.tryAcquirePermission()) {
			return answer(exchange, target, UpstreamFailure.bulkheadFull(), Duration.ofSeconds(1));
		}
		if (!breaker.tryAcquirePermission()) {
			bulkhead.onComplete();
			return answer(exchange, target, UpstreamFailure.circuitOpen(), openDurations.get(target));
		}
		long start = System.nanoTime();
		AtomicBoolean recorded = new AtomicBoolean();
		Hold hold = new Hold(bulkhead, open, Objects.requireNonNull(streamIdleTimeouts.get(target)));
		exchange.getAttributes().put(Hold.ATTRIBUTE, hold);
		exchange.getResponse().beforeCommit(() -> {
			// ResponseStartFilter has usually seen the start already; a WebSocket upgrade and the
			// gateway's own answers are seen here.
			hold.started(exchange);
			if (recorded.compareAndSet(false, true)) {
				record(breaker, exchange.getResponse(), System.nanoTime() - start);
			}
			return Mono.empty();
		});
		retryBudget.deposit();
		return withSafeRetries(exchange, chain).onErrorResume(error -> {
			RequestSizeLimit.TooLarge tooLarge = tooLarge(error);
			if (recorded.compareAndSet(false, true)) {
				if (tooLarge != null) {
					// The client's fault, not the upstream's: no outcome for the breaker.
					breaker.releasePermission();
				}
				else {
					breaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, error);
				}
			}
			if (exchange.getResponse().isCommitted()) {
				// The answer has begun; all that is left is to cut it, which tells the client it is incomplete.
				return Mono.error(error);
			}
			if (tooLarge != null) {
				errors.count(target, RequestSizeLimit.CODE);
				return DialectAnswer.write(exchange, target, HttpStatus.CONTENT_TOO_LARGE, RequestSizeLimit.CODE,
						RequestSizeLimit.message(tooLarge.limit()), null);
			}
			UpstreamFailure failure = UpstreamFailure.of(error);
			return TraceLogging.write(() -> logger.warn("{} upstream failed for {} {}: {} ({})", target.wireName(),
					exchange.getRequest().getMethod(), exchange.getRequest().getPath().value(), failure.code(),
					error.getClass().getSimpleName()))
				.then(Mono.defer(() -> answer(exchange, target, failure, null)));
		}).doFinally(signal -> {
			hold.ended();
			if (signal == SignalType.CANCEL && recorded.compareAndSet(false, true)) {
				// The client left before the upstream answered: no outcome to record, but the permit goes back.
				breaker.releasePermission();
			}
		});
	}

	/**
	 * Retries only what is safe to send twice: a request without a body whose method is idempotent
	 * (GET, HEAD, OPTIONS), whose call failed to connect or was cut before any answer, with
	 * jittered backoff, twice at most, and only while the retry budget allows.
	 */
	private Mono<Void> withSafeRetries(ServerWebExchange exchange, GatewayFilterChain chain) {
		if (!SAFE_METHODS.contains(exchange.getRequest().getMethod())) {
			return chain.filter(exchange);
		}
		AtomicBoolean first = new AtomicBoolean(true);
		return Mono.defer(() -> {
			if (!first.getAndSet(false)) {
				ServerWebExchangeUtils.reset(exchange);
			}
			return chain.filter(exchange);
		})
			.retryWhen(Retry.backoff(MAX_RETRIES, FIRST_BACKOFF)
				.jitter(0.5)
				.filter(error -> !exchange.getResponse().isCommitted() && tooLarge(error) == null
						&& UpstreamFailure.of(error).isConnectionFailure() && retryBudget.tryWithdraw())
				.onRetryExhaustedThrow((spec, signal) -> signal.failure()));
	}

	private static RequestSizeLimit.@Nullable TooLarge tooLarge(Throwable error) {
		for (Throwable cause = error; cause != null; cause = cause.getCause()) {
			if (cause instanceof RequestSizeLimit.TooLarge tooLarge) {
				return tooLarge;
			}
		}
		return null;
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
		errors.count(target, failure.code());
		return DialectAnswer.write(exchange, target, failure.status(), failure.code(), failure.message(), retryAfter);
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

	/**
	 * One call's hold on its upstream: a bulkhead permit while it waits for its response to start,
	 * then a stream slot until it ends. Each is given back exactly once, whichever way the call ends.
	 */
	static final class Hold {

		/** Where the exchange keeps its call's hold, for {@link ResponseStartFilter}. */
		static final String ATTRIBUTE = Hold.class.getName();

		private static final int WAITING = 0;

		private static final int STREAMING = 1;

		private static final int ENDED = 2;

		private final AtomicInteger state = new AtomicInteger(WAITING);

		private final Bulkhead bulkhead;

		private final AtomicInteger streams;

		private final Duration idleTimeout;

		Hold(Bulkhead bulkhead, AtomicInteger streams, Duration idleTimeout) {
			this.bulkhead = bulkhead;
			this.streams = streams;
			this.idleTimeout = idleTimeout;
		}

		/**
		 * The response has started: the stream is counted, the permit goes back, and the upstream
		 * connection is watched for silence. Only the first call counts.
		 */
		void started(ServerWebExchange exchange) {
			if (!state.compareAndSet(WAITING, STREAMING)) {
				return;
			}
			streams.incrementAndGet();
			bulkhead.onComplete();
			closeWhenIdle(exchange, idleTimeout);
		}

		/**
		 * From the response's start, the upstream connection is closed when nothing is read from it for
		 * the idle timeout, which cuts the client's response too: a stream can live as long as it keeps
		 * moving, never forever on a silent upstream. Reactor Netty removes the handler when the
		 * response ends, before the connection goes back to the pool.
		 */
		private static void closeWhenIdle(ServerWebExchange exchange, Duration idleTimeout) {
			Connection connection = exchange.getAttribute(ServerWebExchangeUtils.CLIENT_RESPONSE_CONN_ATTR);
			if (connection != null) {
				connection.onReadIdle(idleTimeout.toMillis(), connection::dispose);
			}
		}

		void ended() {
			int previous = state.getAndSet(ENDED);
			if (previous == WAITING) {
				bulkhead.onComplete();
			}
			else if (previous == STREAMING) {
				streams.decrementAndGet();
			}
		}

	}

	/** A 5xx answer counts as a failure for the breaker, though it is not an error of the call. */
	static final class UpstreamAnsweredWithError extends RuntimeException {

		UpstreamAnsweredWithError(HttpStatus status) {
			super("upstream answered " + status.value(), null, false, false);
		}

	}

}
