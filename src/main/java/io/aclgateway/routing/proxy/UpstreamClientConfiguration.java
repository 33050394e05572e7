package io.aclgateway.routing.proxy;

import java.util.List;

import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.WebsocketClientSpec;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.web.server.autoconfigure.ServerProperties;
import org.springframework.cloud.gateway.config.GatewayProperties;
import org.springframework.cloud.gateway.config.HttpClientCustomizer;
import org.springframework.cloud.gateway.config.HttpClientFactory;
import org.springframework.cloud.gateway.config.HttpClientProperties;
import org.springframework.cloud.gateway.config.HttpClientSslConfigurer;
import org.springframework.cloud.gateway.filter.NettyRoutingFilter;
import org.springframework.cloud.gateway.filter.NettyWriteResponseFilter;
import org.springframework.cloud.gateway.filter.WebsocketRoutingFilter;
import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.socket.client.ReactorNettyWebSocketClient;
import org.springframework.web.reactive.socket.server.RequestUpgradeStrategy;
import org.springframework.web.reactive.socket.server.WebSocketService;
import org.springframework.web.reactive.socket.server.support.HandshakeWebSocketService;

/**
 * The HTTP client the gateway reaches its upstreams with, and the gateway's routing
 * filters built around it with {@link UpstreamHeaderFilters} in place of every header
 * filter bean (the gateway's own are switched off in application.yml:
 * {@code global-filter.netty-routing} and {@code websocket-routing}).
 */
@Configuration(proxyBeanMethods = false)
class UpstreamClientConfiguration {

	/**
	 * Replaces the gateway's own factory (it backs off when one exists) to size a
	 * connection pool per upstream from its bulkhead and stream limit.
	 */
	@Bean
	HttpClientFactory gatewayHttpClientFactory(HttpClientProperties properties, ServerProperties serverProperties,
			HttpClientSslConfigurer sslConfigurer, ObjectProvider<HttpClientCustomizer> customizers,
			UpstreamsProperties upstreams) {
		List<HttpClientCustomizer> ordered = customizers.orderedStream().toList();
		return new UpstreamConnectionPools(properties, serverProperties, sslConfigurer, ordered, upstreams);
	}

	/** The header filters of every upstream call, the replaced ones left out. */
	@Bean
	UpstreamHeaderFilters upstreamHeaderFilters(ObjectProvider<HttpHeadersFilter> headersFilters) {
		return new UpstreamHeaderFilters(headersFilters);
	}

	/** The gateway's HTTP routing filter, as it builds it, with our header filters. */
	@Bean
	NettyRoutingFilter upstreamRoutingFilter(HttpClient httpClient, UpstreamHeaderFilters headersFilters,
			HttpClientProperties properties) {
		return new NettyRoutingFilter(httpClient, headersFilters, properties);
	}

	/**
	 * The gateway's response writer, as it builds it (it goes with the routing filter).
	 */
	@Bean
	NettyWriteResponseFilter upstreamWriteResponseFilter(GatewayProperties properties,
			UpstreamHeaderFilters headersFilters) {
		return new NettyWriteResponseFilter(properties.getStreamingMediaTypes(), headersFilters);
	}

	/**
	 * The gateway's WebSocket routing filter, as it builds it, with our header filters.
	 */
	@Bean
	WebsocketRoutingFilter upstreamWebsocketRoutingFilter(ReactorNettyWebSocketClient upstreamWebSocketClient,
			WebSocketService upstreamWebSocketService, UpstreamHeaderFilters headersFilters) {
		return new WebsocketRoutingFilter(upstreamWebSocketClient, upstreamWebSocketService, headersFilters);
	}

	/** The gateway's WebSocket client to the upstreams, as it builds it. */
	@Bean
	ReactorNettyWebSocketClient upstreamWebSocketClient(HttpClientProperties properties, HttpClient httpClient) {
		HttpClientProperties.Websocket websocket = properties.getWebsocket();
		return new ReactorNettyWebSocketClient(httpClient, () -> {
			WebsocketClientSpec.Builder builder = WebsocketClientSpec.builder().handlePing(websocket.isProxyPing());
			if (websocket.getMaxFramePayloadLength() != null) {
				builder.maxFramePayloadLength(websocket.getMaxFramePayloadLength());
			}
			return builder;
		});
	}

	/** The handshake of a client's WebSocket, as the gateway builds it. */
	@Bean
	WebSocketService upstreamWebSocketService(RequestUpgradeStrategy upgradeStrategy) {
		return new HandshakeWebSocketService(upgradeStrategy);
	}

}
