package io.aclgateway.routing.resilience;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.web.server.ServerWebExchange;

import io.aclgateway.routing.proxy.ClientFault;

/**
 * Retries only what is safe to send twice: a request without a body whose method is
 * idempotent (GET, HEAD, OPTIONS), whose call failed to connect or was cut before any
 * answer, with jittered backoff, twice at most, and only while the retry budget allows.
 */
final class SafeRetries {

	private static final Set<HttpMethod> SAFE_METHODS = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);

	private static final int MAX_RETRIES = 2;

	private static final Duration FIRST_BACKOFF = Duration.ofMillis(25);

	private final RetryBudget budget;

	SafeRetries(RetryBudget budget) {
		this.budget = budget;
	}

	/**
	 * The rest of the chain, repeated while a retry is safe; every request earns its
	 * share of the budget.
	 */
	Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		budget.deposit();
		if (!SAFE_METHODS.contains(exchange.getRequest().getMethod()) || hasBody(exchange.getRequest().getHeaders())) {
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
				.filter(error -> !exchange.getResponse().isCommitted() && ClientFault.in(error).isEmpty()
						&& UpstreamFailure.of(error).isConnectionFailure() && budget.tryWithdraw())
				.onRetryExhaustedThrow((spec, signal) -> signal.failure()));
	}

	/**
	 * A GET may carry a body. It is streamed to the upstream, not kept, so it cannot be
	 * sent again: a retry would repeat the head without the bytes (hanging on a length,
	 * or sending an empty chunked body). Such a request is sent once.
	 */
	private static boolean hasBody(HttpHeaders headers) {
		return headers.getContentLength() > 0 || headers.getFirst(HttpHeaders.TRANSFER_ENCODING) != null;
	}

}
