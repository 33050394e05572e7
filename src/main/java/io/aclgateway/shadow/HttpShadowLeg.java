package io.aclgateway.shadow;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.HttpClientResponse;
import reactor.netty.resources.ConnectionProvider;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.cloud.gateway.config.HttpClientProperties;

/**
 * Shadow reads of one upstream over an HTTP client of their own: its own connection pool
 * (so shadow reads never take a connection live traffic waits for), one timeout over the
 * whole read, no retries, a limit on reads in flight (beyond it a read is refused at
 * once, never queued), and the answer's body copied only up to the budget (past it the
 * connection is dropped).
 */
final class HttpShadowLeg implements ShadowLeg, DisposableBean {

	private final ConnectionProvider pool;

	private final HttpClient client;

	private final String base;

	private final boolean preserveHost;

	private final boolean markShadow;

	private final Duration timeout;

	private final int bodyBudget;

	private final int maxInFlight;

	private final AtomicInteger inFlight = new AtomicInteger();

	/**
	 * @param name the pool's name
	 * @param uri the upstream's base URI
	 * @param preserveHost whether the upstream gets the client's {@code Host}
	 * @param markShadow whether requests carry {@code X-Shadow-Request: 1}
	 * @param properties the budgets
	 * @param gatewayPool the live pools' settings, whose idle and life times (below the
	 * upstreams' keep-alive) this pool keeps
	 */
	HttpShadowLeg(String name, URI uri, boolean preserveHost, boolean markShadow, ShadowProperties properties,
			HttpClientProperties.Pool gatewayPool) {
		this.base = uri.toString().endsWith("/") ? uri.toString().substring(0, uri.toString().length() - 1)
				: uri.toString();
		this.preserveHost = preserveHost;
		this.markShadow = markShadow;
		this.timeout = properties.timeout();
		this.bodyBudget = properties.bodyBudget();
		this.maxInFlight = properties.maxInFlight();
		ConnectionProvider.Builder builder = ConnectionProvider.builder(name)
			.maxConnections(maxInFlight)
			.pendingAcquireMaxCount(maxInFlight)
			.pendingAcquireTimeout(timeout);
		if (gatewayPool.getMaxIdleTime() != null) {
			builder.maxIdleTime(gatewayPool.getMaxIdleTime());
		}
		if (gatewayPool.getMaxLifeTime() != null) {
			builder.maxLifeTime(gatewayPool.getMaxLifeTime());
		}
		if (gatewayPool.getEvictionInterval() != null) {
			builder.evictInBackground(gatewayPool.getEvictionInterval());
		}
		this.pool = builder.build();
		this.client = HttpClient.create(pool)
			.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()))
			.responseTimeout(timeout)
			.disableRetry(true)
			.followRedirect(false);
	}

	@Override
	public Mono<LegResult> read(ShadowRequest request) {
		if (inFlight.incrementAndGet() > maxInFlight) {
			inFlight.decrementAndGet();
			return Mono.just(new LegResult.Refused());
		}
		return client.request(HttpMethod.valueOf(request.method()))
			.uri(base + request.pathAndQuery())
			.send((out, outbound) -> {
				request.headers().forEach((header, values) -> out.requestHeaders().set(header, values));
				if (preserveHost && request.host() != null) {
					out.requestHeaders().set(HttpHeaderNames.HOST, request.host());
				}
				if (markShadow) {
					out.requestHeaders().set(ShadowRequest.SHADOW_HEADER, "1");
				}
				byte[] body = request.body();
				if (body == null) {
					return outbound;
				}
				out.requestHeaders().set(HttpHeaderNames.CONTENT_LENGTH, body.length);
				return outbound.sendByteArray(Mono.just(body));
			})
			.response(this::received)
			.next()
			.switchIfEmpty(Mono.error(() -> new IllegalStateException("no response")))
			.timeout(timeout)
			.onErrorResume(error -> Mono.just(new LegResult.Failed(error)))
			.doFinally(signal -> inFlight.decrementAndGet());
	}

	private Mono<LegResult> received(HttpClientResponse response, ByteBufFlux content) {
		BoundedCopy copy = new BoundedCopy(bodyBudget);
		int status = response.status().code();
		String encoding = response.responseHeaders().get(HttpHeaderNames.CONTENT_ENCODING);
		// takeWhile cancels the body at the first buffer over the budget: the connection
		// is dropped rather than read on for nothing.
		return content.takeWhile(copy::add)
			.then(Mono.fromSupplier(() -> copy.overBudget() ? new LegResult.OverBudget(status)
					: new LegResult.Answered(status, encoding, copy.toByteArray())));
	}

	/** Shadow reads of this upstream in flight now. */
	int inFlight() {
		return inFlight.get();
	}

	@Override
	public void destroy() {
		pool.disposeLater().block(Duration.ofSeconds(5));
	}

}
