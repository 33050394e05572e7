package io.aclgateway.routing.proxy;

import java.time.Duration;
import java.util.Map;

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
import io.aclgateway.routing.reload.LiveRoutingRules;
import io.aclgateway.routing.reload.RoutingProperties;
import io.aclgateway.routing.rules.PathGlob;
import io.aclgateway.routing.rules.Target;
import io.aclgateway.support.CodecAnswers;
import io.aclgateway.support.ConditionalOnRole;
import io.aclgateway.support.ErrorAnswers;
import io.aclgateway.support.ErrorDialect;
import io.aclgateway.support.InstanceRole;

/**
 * Wires the decision on each exchange, the two gateway routes and the pipeline's own
 * stages.
 */
@Configuration(proxyBeanMethods = false)
class ProxyConfiguration {

	/**
	 * The gateway's routing filter times no response when a route's timeout is negative:
	 * {@link ResponseStartTimeoutFilter} does, on the event loop.
	 */
	private static final long GATEWAY_TIMER_OFF = -1;

	/** Decides each exchange's target once, from the rules in force when it arrived. */
	@Bean
	ExchangeDecisions exchangeDecisions(LiveRoutingRules rules) {
		return new ExchangeDecisions(new ClientClassifier(), rules::rules);
	}

	/**
	 * The only two routes: every request takes exactly one, by our own classification
	 * (never the gateway's Version predicate, which also matches requests without a
	 * version). A relay-only instance binds none: its public port answers 404 to
	 * everything, in the usual dialect.
	 */
	@Bean
	@ConditionalOnRole({ InstanceRole.BOTH, InstanceRole.GATEWAY })
	RouteLocator aclRoutes(RouteLocatorBuilder builder, ExchangeDecisions decisions, UpstreamsProperties upstreams) {
		RouteLocatorBuilder.Builder routes = builder.routes();
		for (Target target : Target.values()) {
			UpstreamsProperties.Upstream upstream = upstreams.of(target);
			// Paths with their own response timeout (long polling, streams) are routes of
			// their own, first.
			int n = 0;
			for (Map.Entry<String, Duration> timeout : upstream.responseTimeouts().entrySet()) {
				PathGlob paths = PathGlob.compile(timeout.getKey());
				int order = ++n;
				routes.route(target.wireName() + "-" + order,
						route -> route.order(order)
							.predicate(exchange -> decisions.of(exchange).decision().target() == target
									&& paths.matches(decisions.of(exchange).path().normal()))
							.metadata(ResponseStartTimeoutFilter.METADATA, timeout.getValue())
							.metadata(RESPONSE_TIMEOUT_ATTR, GATEWAY_TIMER_OFF)
							.metadata(CONNECT_TIMEOUT_ATTR, (int) upstream.connectTimeout().toMillis())
							.uri(upstream.uri()));
			}
			routes.route(target.wireName(),
					route -> route.order(1000)
						.predicate(exchange -> decisions.of(exchange).decision().target() == target)
						.metadata(ResponseStartTimeoutFilter.METADATA, upstream.responseTimeout())
						.metadata(RESPONSE_TIMEOUT_ATTR, GATEWAY_TIMER_OFF)
						.metadata(CONNECT_TIMEOUT_ATTR, (int) upstream.connectTimeout().toMillis())
						.uri(upstream.uri()));
		}
		return routes.build();
	}

	/** One count of every answer the gateway writes in place of an upstream's. */
	@Bean
	UpstreamErrors upstreamErrors(MeterRegistry meters) {
		return new UpstreamErrors(meters);
	}

	/**
	 * The public server's answers to requests it could not read, counted with the other
	 * own answers under legacy, whose dialect they are in (a request not read has no
	 * target).
	 */
	@Bean
	CodecAnswers codecAnswers(UpstreamErrors errors) {
		return code -> errors.count(Target.LEGACY, UpstreamErrors.Code.ofWireName(code));
	}

	/** Metrics and debug headers for every routed request. */
	@Bean
	RouteDecisionFilter routeDecisionFilter(ExchangeDecisions decisions, MeterRegistry meters,
			RoutingProperties properties) {
		return new RouteDecisionFilter(decisions, meters, properties.debugHeaders());
	}

	/** The routes' response timeouts, timed on the connection's event loop. */
	@Bean
	ResponseStartTimeoutFilter responseStartTimeoutFilter() {
		return new ResponseStartTimeoutFilter();
	}

	/** Latency per upstream route, for every routed request. */
	@Bean
	UpstreamTimingFilter upstreamTimingFilter(MeterRegistry meters) {
		return new UpstreamTimingFilter(meters);
	}

	/**
	 * The path's normal form and the client's query, unchanged, on the upstream's scheme,
	 * host and port.
	 */
	@Bean
	ExactRequestUrlFilter exactRequestUrlFilter(ExchangeDecisions decisions) {
		return new ExactRequestUrlFilter(decisions);
	}

	/**
	 * Errors that reach Spring's error handling answered in dialect, never in Boot's
	 * default JSON.
	 */
	@Bean
	ErrorAnswers errorAnswers(ExchangeDecisions decisions) {
		// POST /events is Falcon's (problem+json); every other path speaks its target's
		// dialect.
		return new ErrorAnswers(exchange -> exchange.getRequest().getPath().value().equals("/events")
				|| decisions.of(exchange).decision().target() == Target.FALCON ? ErrorDialect.PROBLEM
						: ErrorDialect.LEGACY);
	}

	/**
	 * Client WebSockets, with fragmented messages reassembled from the first frame on.
	 */
	@Bean
	@Primary
	AggregatingWebSocketUpgrade aggregatingWebSocketUpgrade(HttpClientProperties httpClient) {
		HttpClientProperties.Websocket websocket = httpClient.getWebsocket();
		int max = (websocket.getMaxFramePayloadLength() != null) ? websocket.getMaxFramePayloadLength() : 65536;
		return new AggregatingWebSocketUpgrade(max, websocket.isProxyPing());
	}

}
