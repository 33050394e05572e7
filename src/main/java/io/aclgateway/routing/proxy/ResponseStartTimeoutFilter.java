package io.aclgateway.routing.proxy;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.server.ServerWebExchange;

/**
 * The route's response timeout (the longest wait for the upstream's response head), timed
 * on the client connection's own event loop. The gateway's routing filter would time it
 * with Reactor's {@code timeout}, on the shared parallel scheduler: two timers per
 * request put into and taken out of a locked queue, and a thread of that scheduler woken
 * for each, about a twentieth of the gateway's CPU per request on the bench
 * (docs/performance.md). The routes carry their timeout under {@link #METADATA} and
 * switch the gateway's off ({@code response-timeout} -1).
 */
class ResponseStartTimeoutFilter implements GlobalFilter, Ordered {

	/** The route metadata key of the timeout, a {@link Duration}. */
	static final String METADATA = "acl.response-start-timeout";

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		Duration timeout = timeoutOf(exchange);
		if (timeout == null) {
			return chain.filter(exchange);
		}
		// A WebSocket's call ends once the client's upgrade is answered: only that is
		// timed, never the messages after it (HeaderDeadlineWebSocketIntegrationTests).
		Mono<Void> call = chain.filter(exchange);
		Mono<Void> timedOut = Mono
			.error(() -> new TimeoutException("No response head from the upstream in " + timeout));
		EventLoop loop = eventLoopOf(exchange);
		if (loop == null) {
			return call.timeout(timeout, timedOut);
		}
		return call.timeout(deadline(loop, timeout), timedOut);
	}

	/**
	 * A timer on the event loop: scheduled and cancelled from the loop itself, it is a
	 * heap insertion and removal with no lock and no other thread involved.
	 */
	private static Mono<Boolean> deadline(EventLoop loop, Duration timeout) {
		return Mono.create(sink -> {
			ScheduledFuture<?> timer = loop.schedule(() -> sink.success(Boolean.TRUE), timeout.toNanos(),
					TimeUnit.NANOSECONDS);
			sink.onCancel(() -> timer.cancel(false));
		});
	}

	private static @Nullable Duration timeoutOf(ServerWebExchange exchange) {
		Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
		return (route != null && route.getMetadata().get(METADATA) instanceof Duration timeout) ? timeout : null;
	}

	/**
	 * The event loop of the client's connection, which the request is handled on; none
	 * outside a Reactor Netty server (then Reactor's own timer is used).
	 */
	private static @Nullable EventLoop eventLoopOf(ServerWebExchange exchange) {
		Object request;
		try {
			request = ServerHttpRequestDecorator.getNativeRequest(exchange.getRequest());
		}
		catch (IllegalStateException | IllegalArgumentException noNativeRequest) {
			// Spring's way of saying the request has none: a mock, or a request of
			// another kind.
			return null;
		}
		return (request instanceof Connection connection) ? connection.channel().eventLoop() : null;
	}

	@Override
	public int getOrder() {
		return ProxyPipeline.TIME_OUT_RESPONSE_START;
	}

}
