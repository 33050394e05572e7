package io.aclgateway.routing.gateway;

import java.time.Clock;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.cloud.gateway.config.HttpClientProperties;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.cloud.gateway.route.builder.RouteLocatorBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

import io.aclgateway.routing.client.ClientClassifier;
import io.aclgateway.routing.rules.RoutingFileParser;
import io.aclgateway.routing.rules.Target;

/** Wires client classification, the live routing file and the two gateway routes. */
@Configuration(proxyBeanMethods = false)
class RoutingConfiguration {

	/** The routing file, read at start-up (fail fast) and re-read while running. */
	@Bean
	RoutingFileWatcher routingFileWatcher(RoutingProperties properties, MeterRegistry meters, Clock clock) {
		return new RoutingFileWatcher(properties, new RoutingFileParser(), meters, clock);
	}

	/** Decides each exchange's target once, from the rules in force when it arrived. */
	@Bean
	ExchangeRouter exchangeRouter(RoutingFileWatcher watcher) {
		return new ExchangeRouter(new ClientClassifier(), watcher.table());
	}

	/**
	 * The only two routes: every request takes exactly one, by our own classification (never the
	 * gateway's Version predicate, which also matches requests without a version).
	 */
	@Bean
	RouteLocator aclRoutes(RouteLocatorBuilder builder, ExchangeRouter router, UpstreamsProperties upstreams) {
		return builder.routes()
			.route(Target.FALCON.wireName(),
					route -> route.predicate(exchange -> router.route(exchange).decision().target() == Target.FALCON)
						.uri(upstreams.falcon().uri()))
			.route(Target.LEGACY.wireName(),
					route -> route.predicate(exchange -> router.route(exchange).decision().target() == Target.LEGACY)
						.uri(upstreams.legacy().uri()))
			.build();
	}

	/** Metrics and debug headers for every routed request. */
	@Bean
	RouteDecisionFilter routeDecisionFilter(ExchangeRouter router, MeterRegistry meters,
			RoutingProperties properties) {
		return new RouteDecisionFilter(router, meters, properties.debugHeaders());
	}

	/** The client's path and query, unchanged, on the upstream's scheme, host and port. */
	@Bean
	ExactRequestUrlFilter exactRequestUrlFilter() {
		return new ExactRequestUrlFilter();
	}

	/** Our own forwarding headers, trusting only configured proxies. */
	@Bean
	ForwardedHeaders forwardedHeaders(ForwardingProperties properties) {
		return new ForwardedHeaders(properties.trustedProxies());
	}

	/** Client WebSockets, with fragmented messages reassembled from the first frame on. */
	@Bean
	@Primary
	AggregatingWebSocketUpgrade aggregatingWebSocketUpgrade(HttpClientProperties httpClient) {
		HttpClientProperties.Websocket websocket = httpClient.getWebsocket();
		int max = (websocket.getMaxFramePayloadLength() != null) ? websocket.getMaxFramePayloadLength() : 65536;
		return new AggregatingWebSocketUpgrade(max, websocket.isProxyPing());
	}

	/** The read-only view of the rules in force, on the management port. */
	@Bean
	RoutingEndpoint routingEndpoint(RoutingFileWatcher watcher, RoutingProperties properties) {
		return new RoutingEndpoint(watcher.table(), properties.file());
	}

}
