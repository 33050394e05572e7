package io.aclgateway.routing.resilience;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.resilience4j.bulkhead.Bulkhead;
import reactor.netty.Connection;

import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.web.server.ServerWebExchange;

/**
 * One call's hold on its upstream: a bulkhead permit while it waits for its response to
 * start, then a stream slot until it ends. Each is given back exactly once, whichever way
 * the call ends.
 */
final class UpstreamHold {

	/** Where the exchange keeps its call's hold, for {@link ResponseStartFilter}. */
	static final String ATTRIBUTE = UpstreamHold.class.getName();

	private static final int WAITING = 0;

	private static final int STREAMING = 1;

	private static final int ENDED = 2;

	private final AtomicInteger state = new AtomicInteger(WAITING);

	private final Bulkhead bulkhead;

	private final AtomicInteger streams;

	private final Duration idleTimeout;

	UpstreamHold(Bulkhead bulkhead, AtomicInteger streams, Duration idleTimeout) {
		this.bulkhead = bulkhead;
		this.streams = streams;
		this.idleTimeout = idleTimeout;
	}

	/**
	 * The response has started: the stream is counted, the permit goes back, and the
	 * upstream connection is watched for silence. Only the first call counts.
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
	 * From the response's start, the upstream connection is closed when nothing is read
	 * from it for the idle timeout, which cuts the client's response too: a stream can
	 * live as long as it keeps moving, never forever on a silent upstream. Reactor Netty
	 * removes the handler when the response ends, before the connection goes back to the
	 * pool.
	 */
	private static void closeWhenIdle(ServerWebExchange exchange, Duration idleTimeout) {
		Connection connection = exchange.getAttribute(ServerWebExchangeUtils.CLIENT_RESPONSE_CONN_ATTR);
		if (connection != null) {
			connection.onReadIdle(idleTimeout.toMillis(), connection::dispose);
		}
	}

	/**
	 * The call is over: whatever it still holds goes back. Only the first call counts.
	 */
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
