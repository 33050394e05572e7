package io.aclgateway.routing.gateway;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.cloud.gateway.config.HttpClientProperties;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.cloud.gateway.route.builder.RouteLocatorBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

import static org.springframework.cloud.gateway.support.RouteMetadataUtils.CONNECT_TIMEOUT_ATTR;
import static org.springframework.cloud.gateway.support.RouteMetadataUtils.RESPONSE_TIMEOUT_ATTR;

import io.aclgateway.routing.client.ClientClassifier;
import io.aclgateway.routing.rules.PathGlob;
import io.aclgateway.routing.rules.RoutingFileParser;
import io.aclgateway.routing.rules.Target;
import io.aclgateway.support.ErrorAnswers;
import io.aclgateway.support.ErrorDialect;

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
		RouteLocatorBuilder.Builder routes = builder.routes();
		for (Target target : Target.values()) {
			UpstreamsProperties.Upstream upstream = (target == Target.FALCON) ? upstreams.falcon() : upstreams.legacy();
			// Paths with their own response timeout (long polling, streams) are routes of their own, first.
			int n = 0;
			for (Map.Entry<String, Duration> timeout : upstream.responseTimeouts().entrySet()) {
				PathGlob paths = PathGlob.compile(timeout.getKey());
				int order = ++n;
				routes.route(target.wireName() + "-" + order,
						route -> route.order(order)
							.predicate(exchange -> router.route(exchange).decision().target() == target
									&& paths.matches(router.route(exchange).path().normal()))
							.metadata(RESPONSE_TIMEOUT_ATTR, timeout.getValue().toMillis())
							.metadata(CONNECT_TIMEOUT_ATTR, (int) upstream.connectTimeout().toMillis())
							.uri(upstream.uri()));
			}
			routes.route(target.wireName(),
					route -> route.order(1000)
						.predicate(exchange -> router.route(exchange).decision().target() == target)
						.metadata(RESPONSE_TIMEOUT_ATTR, upstream.responseTimeout().toMillis())
						.metadata(CONNECT_TIMEOUT_ATTR, (int) upstream.connectTimeout().toMillis())
						.uri(upstream.uri()));
		}
		return routes.build();
	}

	/** Bulkhead, stream limit, circuit breaker and the answers in each target's dialect when an upstream fails. */
	@Bean
	UpstreamGuard upstreamGuard(ExchangeRouter router, UpstreamsProperties upstreams,
			CircuitBreakerRegistry circuitBreakers, MeterRegistry meters, UpstreamErrors errors) {
		// At most one retry per five requests on average, ten at once when the gateway is quiet.
		return new UpstreamGuard(router, upstreams, circuitBreakers, meters, errors, new RetryBudget(0.2, 10));
	}

	/** Gives a call's bulkhead permit back as soon as its response head is in (see UpstreamGuard). */
	@Bean
	ResponseStartFilter responseStartFilter() {
		return new ResponseStartFilter();
	}

	/** One count of every answer the gateway writes in place of an upstream's. */
	@Bean
	UpstreamErrors upstreamErrors(MeterRegistry meters) {
		return new UpstreamErrors(meters);
	}

	/** The client's Host to the upstreams that keep it, and only the public host names let through. */
	@Bean
	PublicHostFilter publicHostFilter(ExchangeRouter router, UpstreamsProperties upstreams,
			ForwardingProperties forwarding, ForwardedHeaders forwardedHeaders, UpstreamErrors errors) {
		return new PublicHostFilter(router, upstreams, forwarding.publicHosts(), forwardedHeaders, errors);
	}

	/** Paths with no single meaning are refused, not guessed at. */
	@Bean
	AmbiguousPathFilter ambiguousPathFilter(ExchangeRouter router) {
		return new AmbiguousPathFilter(router);
	}

	/** Request bodies held to each upstream's size limit, on the bytes actually read. */
	@Bean
	RequestSizeLimit requestSizeLimit(ExchangeRouter router, UpstreamsProperties upstreams, UpstreamErrors errors) {
		return new RequestSizeLimit(router, upstreams, errors);
	}

	/** Metrics and debug headers for every routed request. */
	@Bean
	RouteDecisionFilter routeDecisionFilter(ExchangeRouter router, MeterRegistry meters,
			RoutingProperties properties) {
		return new RouteDecisionFilter(router, meters, properties.debugHeaders());
	}

	/** The path's normal form and the client's query, unchanged, on the upstream's scheme, host and port. */
	@Bean
	ExactRequestUrlFilter exactRequestUrlFilter(ExchangeRouter router) {
		return new ExactRequestUrlFilter(router);
	}

	/** The gateway's debug headers never come from a client. */
	@Bean
	InternalHeaders internalHeaders() {
		return new InternalHeaders();
	}

	/** Header names with underscores never reach an upstream, where PHP reads them as their dashed twins. */
	@Bean
	UnderscoreHeaders underscoreHeaders(ExchangeRouter router, ForwardingProperties properties, MeterRegistry meters,
			UpstreamErrors errors) {
		return new UnderscoreHeaders(router, properties.headersWithUnderscores(), meters, errors);
	}

	/** Errors that reach Spring's error handling answered in dialect, never in Boot's default JSON. */
	@Bean
	ErrorAnswers errorAnswers(ExchangeRouter router) {
		// POST /events is Falcon's (problem+json); every other path speaks its target's dialect.
		return new ErrorAnswers(exchange -> exchange.getRequest().getPath().value().equals("/events")
				|| router.route(exchange).decision().target() == Target.FALCON ? ErrorDialect.PROBLEM
						: ErrorDialect.LEGACY);
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
