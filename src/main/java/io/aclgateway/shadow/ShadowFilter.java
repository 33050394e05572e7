package io.aclgateway.shadow;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.web.server.ServerWebExchange;

import io.aclgateway.relay.core.RoomActivity;
import io.aclgateway.routing.proxy.ExchangeDecisions;
import io.aclgateway.routing.proxy.ProxyPipeline;
import io.aclgateway.routing.rules.RouteRequest;
import io.aclgateway.routing.rules.RoutingRules;
import io.aclgateway.routing.rules.ShadowRule;
import io.aclgateway.routing.rules.ShadowSection;
import io.aclgateway.routing.rules.Target;

/**
 * Arranges the shadow read of a request the routing file sends to legacy and a shadow
 * rule selects: legacy's answer streams to the client as it would without shadowing, teed
 * on its way into a bounded copy (and the request body too, for a rule marked
 * idempotent), and once the client's response has completed, {@link Shadows} takes it
 * from there, on its own. A request without a shadow rule passes untouched.
 */
class ShadowFilter implements GlobalFilter, Ordered {

	private static final Logger logger = LoggerFactory.getLogger(ShadowFilter.class);

	private static final Set<String> READS = Set.of("GET", "HEAD");

	/**
	 * Not sent again: framing (the copy has a body of its own or none), the connection's
	 * own headers, and the host (set per upstream).
	 */
	private static final Set<String> NOT_COPIED = Set.of("host", "content-length", "transfer-encoding", "connection",
			"keep-alive", "proxy-connection", "te", "trailer", "upgrade", "expect",
			ShadowRequest.SHADOW_HEADER.toLowerCase(Locale.ROOT));

	private final ExchangeDecisions decisions;

	private final Supplier<RoutingRules> rulesInForce;

	private final Supplier<List<HttpHeadersFilter>> headersFilters;

	/** The relay's per-room state; none (no relay here): nothing is shadowed. */
	private final @Nullable RoomActivity roomActivity;

	private final Shadows shadows;

	private final int bodyBudget;

	private final Duration lagWindow;

	ShadowFilter(ExchangeDecisions decisions, Supplier<RoutingRules> rulesInForce,
			Supplier<List<HttpHeadersFilter>> headersFilters, @Nullable RoomActivity roomActivity, Shadows shadows,
			ShadowProperties properties) {
		this.decisions = decisions;
		this.rulesInForce = rulesInForce;
		this.headersFilters = headersFilters;
		this.roomActivity = roomActivity;
		this.shadows = shadows;
		this.bodyBudget = properties.bodyBudget();
		this.lagWindow = properties.lagWindow();
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		ShadowSection section = rulesInForce.get().shadow();
		if (section.rules().isEmpty() || roomActivity == null) {
			return chain.filter(exchange);
		}
		ExchangeDecisions.Routed routed = decisions.of(exchange);
		ServerHttpRequest request = exchange.getRequest();
		if (routed.decision().target() != Target.LEGACY || routed.path().refused() || isWebSocket(request)) {
			return chain.filter(exchange);
		}
		String method = request.getMethod().name();
		RouteRequest read = new RouteRequest(method, routed.path().normal(), routed.client());
		ShadowRule rule = section.ruleFor(read).orElse(null);
		if (rule == null || (!READS.contains(method) && !rule.idempotent())) {
			return chain.filter(exchange);
		}
		ThreadLocalRandom random = ThreadLocalRandom.current();
		if (!section.sampled(routed.client(), random.nextInt(100))) {
			return chain.filter(exchange);
		}
		boolean noiseSample = section.noiseSampled(random.nextInt(100));
		BoundedCopy requestBody = requestBodyCopy(rule, request.getHeaders());
		BoundedCopy responseBody = new BoundedCopy(bodyBudget);
		ServerWebExchange teed = exchange.mutate()
			.request(teed(request, requestBody))
			.response(teed(exchange.getResponse(), responseBody))
			.build();
		return chain.filter(teed)
			.doOnSuccess(
					done -> shadowAfterAnswer(teed, section, rule, routed, requestBody, responseBody, noiseSample));
	}

	/**
	 * A WebSocket's answer is a connection, not a body to compare. Other upgrades (a
	 * client's h2c offer) are ignored by the server, and the request answered as usual.
	 */
	private static boolean isWebSocket(ServerHttpRequest request) {
		String upgrade = request.getHeaders().getFirst(HttpHeaders.UPGRADE);
		return upgrade != null && upgrade.toLowerCase(Locale.ROOT).contains("websocket");
	}

	/**
	 * The copy of a request body for a rule that sends it: none for a read (a GET body is
	 * not sent again), one over the budget at once when its declared length is.
	 */
	private @Nullable BoundedCopy requestBodyCopy(ShadowRule rule, HttpHeaders headers) {
		boolean hasBody = headers.getContentLength() > 0 || headers.getFirst(HttpHeaders.TRANSFER_ENCODING) != null;
		if (!rule.idempotent() || !hasBody) {
			return null;
		}
		return (headers.getContentLength() > bodyBudget) ? BoundedCopy.tooLarge() : new BoundedCopy(bodyBudget);
	}

	private static ServerHttpRequest teed(ServerHttpRequest request, @Nullable BoundedCopy copy) {
		if (copy == null) {
			return request;
		}
		return new ServerHttpRequestDecorator(request) {
			@Override
			public Flux<DataBuffer> getBody() {
				return super.getBody().doOnNext(copy::add).doOnComplete(copy::completed);
			}
		};
	}

	private static ServerHttpResponse teed(ServerHttpResponse response, BoundedCopy copy) {
		return new ServerHttpResponseDecorator(response) {
			@Override
			public Mono<Void> writeWith(Publisher<? extends DataBuffer> body) {
				// Copied as it passes, on the thread that writes it: the buffer goes on
				// at
				// once.
				return super.writeWith(Flux.from(body).doOnNext(copy::add).doOnComplete(copy::completed));
			}

			@Override
			public Mono<Void> writeAndFlushWith(Publisher<? extends Publisher<? extends DataBuffer>> body) {
				// A stream (server-sent events and the like) is no answer to compare.
				copy.giveUp();
				return super.writeAndFlushWith(body);
			}
		};
	}

	/**
	 * Legacy's answer has been written whole: hands the shadow read over, unless the
	 * answer was the gateway's own (legacy never answered) or a legacy server error (no
	 * reference to compare Falcon with).
	 */
	private void shadowAfterAnswer(ServerWebExchange exchange, ShadowSection section, ShadowRule rule,
			ExchangeDecisions.Routed routed, @Nullable BoundedCopy requestBody, BoundedCopy responseBody,
			boolean noiseSample) {
		try {
			HttpStatusCode status = exchange.getResponse().getStatusCode();
			if (exchange.getAttribute(ServerWebExchangeUtils.CLIENT_RESPONSE_ATTR) == null || status == null
					|| status.is5xxServerError()) {
				return;
			}
			String path = routed.path().normal();
			OptionalLong room = rule.roomId(path);
			RoomActivity rooms = roomActivity;
			RoomActivity.Activity activity = (room.isPresent() && rooms != null)
					? rooms.activity(room.getAsLong(), lagWindow) : null;
			LegResult legacy = (responseBody.overBudget() || !responseBody.isComplete())
					? new LegResult.OverBudget(status.value())
					: new LegResult.Answered(status.value(),
							exchange.getResponse().getHeaders().getFirst(HttpHeaders.CONTENT_ENCODING),
							responseBody.toByteArray());
			boolean bodyUsable = requestBody == null || (!requestBody.overBudget() && requestBody.isComplete());
			ShadowRequest copy = new ShadowRequest(exchange.getRequest().getMethod().name(),
					pathAndQuery(exchange, path), headers(exchange),
					exchange.getRequest().getHeaders().getFirst(HttpHeaders.HOST),
					(requestBody != null && bodyUsable) ? requestBody.toByteArray() : null);
			shadows.start(new ShadowCase(rule, copy, bodyUsable, legacy, noiseSample, activity, path), section);
		}
		catch (RuntimeException ex) {
			// Never the client's problem: its answer is complete.
			logger.warn("shadow read of rule {} not started: {}", rule.name(), ex.toString());
		}
	}

	private static String pathAndQuery(ServerWebExchange exchange, String path) {
		String query = exchange.getRequest().getURI().getRawQuery();
		return (query != null) ? path + "?" + query : path;
	}

	/** The headers legacy got, through the gateway's own request header filters. */
	private Map<String, List<String>> headers(ServerWebExchange exchange) {
		HttpHeaders filtered = HttpHeadersFilter.filterRequest(headersFilters.get(), exchange);
		Map<String, List<String>> copied = new LinkedHashMap<>();
		filtered.forEach((name, values) -> {
			if (!NOT_COPIED.contains(name.toLowerCase(Locale.ROOT))) {
				copied.put(name, List.copyOf(values));
			}
		});
		return copied;
	}

	@Override
	public int getOrder() {
		return ProxyPipeline.SHADOW;
	}

}
