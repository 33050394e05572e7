package io.aclgateway.routing.resilience;

import java.time.Duration;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.server.ServerWebExchange;

import io.aclgateway.routing.proxy.ClientFault;
import io.aclgateway.routing.proxy.DialectAnswer;
import io.aclgateway.routing.proxy.ExchangeDecisions;
import io.aclgateway.routing.proxy.ProxyPipeline;
import io.aclgateway.routing.proxy.UpstreamErrors;
import io.aclgateway.routing.rules.Target;
import io.aclgateway.support.TraceLogging;

/**
 * Guards each forwarded request: a place in its upstream's {@link UpstreamCapacity}, a
 * permit of its {@link UpstreamBreakers breaker}, {@link SafeRetries}, and the answer in
 * the target's dialect when the upstream fails. A call holds a bulkhead permit only while
 * it waits for its response to start; from then on it is a stream ({@link UpstreamHold}).
 * Its breaker outcome is taken when its response starts, exactly once per permit
 * ({@link BreakerPermit}). Nothing here waits: places and permits are tried, never
 * awaited, and are given back when a client cancels.
 */
class UpstreamGuardFilter implements GlobalFilter, Ordered {

	private static final Logger logger = LoggerFactory.getLogger(UpstreamGuardFilter.class);

	private static final Duration FULL_RETRY_AFTER = Duration.ofSeconds(1);

	private final ExchangeDecisions decisions;

	private final UpstreamCapacity capacity;

	private final UpstreamBreakers breakers;

	private final SafeRetries retries;

	private final UpstreamErrors errors;

	UpstreamGuardFilter(ExchangeDecisions decisions, UpstreamCapacity capacity, UpstreamBreakers breakers,
			SafeRetries retries, UpstreamErrors errors) {
		this.decisions = decisions;
		this.capacity = capacity;
		this.breakers = breakers;
		this.retries = retries;
		this.errors = errors;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		Target target = decisions.of(exchange).decision().target();
		if (capacity.streamsFull(target)) {
			return answer(exchange, target, UpstreamFailure.streamsFull(), FULL_RETRY_AFTER);
		}
		UpstreamHold hold = capacity.tryHold(target);
		if (hold == null) {
			return answer(exchange, target, UpstreamFailure.bulkheadFull(), FULL_RETRY_AFTER);
		}
		BreakerPermit permit = breakers.tryAcquire(target);
		if (permit == null) {
			hold.ended();
			return answer(exchange, target, UpstreamFailure.circuitOpen(), breakers.openDuration(target));
		}
		exchange.getAttributes().put(UpstreamHold.ATTRIBUTE, hold);
		exchange.getResponse().beforeCommit(() -> {
			// ResponseStartFilter has usually seen the start already; a WebSocket upgrade
			// and the
			// gateway's own answers are seen here.
			hold.started(exchange);
			answered(permit, exchange.getResponse().getStatusCode());
			return Mono.empty();
		});
		return retries.filter(exchange, chain)
			.onErrorResume(error -> failed(exchange, target, permit, error))
			.doFinally(signal -> {
				hold.ended();
				if (signal == SignalType.CANCEL) {
					// The client left before the upstream answered: no outcome to record,
					// but the permit goes back.
					permit.releasedUnused();
				}
			});
	}

	/**
	 * A started response is the call's outcome: a 5xx counts as a failure, anything else
	 * as a success.
	 */
	private static void answered(BreakerPermit permit, @Nullable HttpStatusCode code) {
		// Resolved as before the split: a status outside HttpStatus (599) counts as a
		// success.
		HttpStatus status = HttpStatus.resolve((code != null) ? code.value() : 200);
		if (status != null && status.is5xxServerError()) {
			permit.failed(new UpstreamAnsweredWithError(status));
		}
		else {
			permit.succeeded();
		}
	}

	private Mono<Void> failed(ServerWebExchange exchange, Target target, BreakerPermit permit, Throwable error) {
		ClientFault fault = ClientFault.in(error).orElse(null);
		if (fault != null) {
			// The client's fault, not the upstream's: no outcome for the breaker.
			permit.releasedUnused();
		}
		else {
			permit.failed(error);
		}
		if (exchange.getResponse().isCommitted()) {
			// The answer has begun; all that is left is to cut it, which tells the client
			// it is incomplete.
			return Mono.error(error);
		}
		if (fault != null) {
			return DialectAnswer.counted(exchange, errors, target, fault.status(), fault.code(), fault.answer(), null);
		}
		UpstreamFailure failure = UpstreamFailure.of(error);
		return TraceLogging
			.write(() -> logger.warn("{} upstream failed for {} {}: {} ({})", target.wireName(),
					exchange.getRequest().getMethod(), exchange.getRequest().getPath().value(),
					failure.code().wireName(), error.getClass().getSimpleName()))
			.then(Mono.defer(() -> answer(exchange, target, failure, null)));
	}

	private Mono<Void> answer(ServerWebExchange exchange, Target target, UpstreamFailure failure,
			@Nullable Duration retryAfter) {
		return DialectAnswer.counted(exchange, errors, target, failure.status(), failure.code(), failure.message(),
				retryAfter);
	}

	@Override
	public int getOrder() {
		return ProxyPipeline.GUARD_UPSTREAM;
	}

	/**
	 * A 5xx answer counts as a failure for the breaker, though it is not an error of the
	 * call.
	 */
	static final class UpstreamAnsweredWithError extends RuntimeException {

		UpstreamAnsweredWithError(HttpStatusCode status) {
			super("upstream answered " + status.value(), null, false, false);
		}

	}

}
