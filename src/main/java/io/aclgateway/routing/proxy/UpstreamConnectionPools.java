package io.aclgateway.routing.proxy;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.transport.AddressUtils;

import org.springframework.boot.web.server.autoconfigure.ServerProperties;
import org.springframework.cloud.gateway.config.HttpClientCustomizer;
import org.springframework.cloud.gateway.config.HttpClientFactory;
import org.springframework.cloud.gateway.config.HttpClientProperties;
import org.springframework.cloud.gateway.config.HttpClientSslConfigurer;

/**
 * The gateway's upstream HTTP client, with one connection pool per upstream sized to what
 * the upstream may have open at once: a connection for each request waiting for its
 * answer (the bulkhead) and one for each stream
 * ({@code max-concurrent-requests + max-streams}). A pool smaller than that would make
 * requests queue for a connection behind long-lived streams. The other pool settings
 * (acquire timeout, idle and life times, eviction) stay those of
 * {@code spring.cloud.gateway.server.webflux.httpclient.pool.*}; its
 * {@code max-connections} is replaced by these sizes.
 * <p>
 * The pools are disposed with the client: the gateway's factory leaves them open when its
 * context closes, and a pool that evicts in the background stays scheduled on Reactor's
 * shared timer, holding its connections and, through the first request's client
 * configuration, that request's exchange and the whole closed context.
 */
class UpstreamConnectionPools extends HttpClientFactory {

	private final UpstreamsProperties upstreams;

	UpstreamConnectionPools(HttpClientProperties properties, ServerProperties serverProperties,
			HttpClientSslConfigurer sslConfigurer, List<HttpClientCustomizer> customizers,
			UpstreamsProperties upstreams) {
		super(properties, serverProperties, sslConfigurer, customizers);
		this.upstreams = upstreams;
	}

	@Override
	protected void destroyInstance(@Nullable HttpClient client) {
		if (client != null) {
			// Closes the idle connections and cancels the background eviction without
			// waiting: the context is closing, on a thread of its own.
			client.configuration().connectionProvider().dispose();
		}
	}

	@Override
	protected ConnectionProvider buildConnectionProvider(HttpClientProperties properties) {
		HttpClientProperties.Pool pool = properties.getPool();
		if (pool.getType() != HttpClientProperties.Pool.PoolType.FIXED) {
			return super.buildConnectionProvider(properties);
		}
		Map<SocketAddress, Integer> sizes = new LinkedHashMap<>();
		for (UpstreamsProperties.Upstream upstream : List.of(upstreams.falcon(), upstreams.legacy())) {
			for (SocketAddress address : addresses(upstream.uri())) {
				// Both upstreams on one address (tests, a shared ingress) share its pool.
				sizes.merge(address, upstream.maxConnections(), Integer::sum);
			}
		}
		int widest = sizes.values().stream().mapToInt(Integer::intValue).max().orElseThrow();
		ConnectionProvider.Builder builder = configure(ConnectionProvider.builder(pool.getName()), pool, widest);
		sizes.forEach((address, size) -> builder.forRemoteHost(address, spec -> configure(spec, pool, size)));
		return builder.build();
	}

	/**
	 * The keys Reactor Netty may look a pool up by: an unresolved name and port, or for
	 * an IP literal a resolved address. The default pool is as large as the largest,
	 * should neither match.
	 */
	private static List<SocketAddress> addresses(URI uri) {
		int port = (uri.getPort() != -1) ? uri.getPort() : ("https".equals(uri.getScheme()) ? 443 : 80);
		String host = uri.getHost();
		if (host.startsWith("[") && host.endsWith("]")) {
			host = host.substring(1, host.length() - 1);
		}
		InetSocketAddress unresolved = InetSocketAddress.createUnresolved(host, port);
		InetSocketAddress asReactorNettyMakesIt = AddressUtils.createUnresolved(host, port);
		return unresolved.equals(asReactorNettyMakesIt) ? List.of(unresolved)
				: List.of(unresolved, asReactorNettyMakesIt);
	}

	private static <S extends ConnectionProvider.ConnectionPoolSpec<S>> S configure(S spec,
			HttpClientProperties.Pool pool, int maxConnections) {
		spec.maxConnections(maxConnections).pendingAcquireMaxCount(-1);
		if (pool.getAcquireTimeout() != null) {
			spec.pendingAcquireTimeout(Duration.ofMillis(pool.getAcquireTimeout()));
		}
		if (pool.getMaxIdleTime() != null) {
			spec.maxIdleTime(pool.getMaxIdleTime());
		}
		if (pool.getMaxLifeTime() != null) {
			spec.maxLifeTime(pool.getMaxLifeTime());
		}
		if (pool.getEvictionInterval() != null) {
			spec.evictInBackground(pool.getEvictionInterval());
		}
		spec.metrics(pool.isMetrics());
		if (pool.getLeasingStrategy() == HttpClientProperties.Pool.LeasingStrategy.LIFO) {
			spec.lifo();
		}
		else {
			spec.fifo();
		}
		return spec;
	}

}
