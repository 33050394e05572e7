package io.aclgateway.routing.proxy;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The response timeout on a request outside a Reactor Netty server (Reactor's own timer
 * then): what it times and what it answers. Through the server, on the event loop:
 * UpstreamFaultsIntegrationTests; WebSockets: HeaderDeadlineWebSocketIntegrationTests.
 */
class ResponseStartTimeoutFilterTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(15);

	@Test
	void failsWithATimeoutWhenNoResponseHeadArrivesWithinTheRoutesTimeout() {
		StepVerifier.withVirtualTime(() -> new ResponseStartTimeoutFilter().filter(exchange(), e -> Mono.never()))
			.expectSubscription()
			.expectNoEvent(TIMEOUT.minusMillis(1))
			.thenAwait(Duration.ofMillis(1))
			.expectErrorSatisfies(error -> assertThat(error).isInstanceOf(TimeoutException.class)
				.hasMessage("No response head from the upstream in PT15S"))
			.verify(Duration.ofSeconds(5));
	}

	@Test
	void letsAResponseHeadThatArrivesInTimeThrough() {
		StepVerifier
			.withVirtualTime(() -> new ResponseStartTimeoutFilter().filter(exchange(),
					e -> Mono.delay(TIMEOUT.minusSeconds(1)).then()))
			.thenAwait(TIMEOUT.minusSeconds(1))
			.verifyComplete();
	}

	@Test
	void timesNothingOnARouteWithoutATimeout() {
		MockServerWebExchange exchange = exchange();
		exchange.getAttributes()
			.put(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR,
					Route.async().id("legacy").uri(URI.create("http://legacy.internal")).predicate(e -> true).build());

		StepVerifier
			.withVirtualTime(() -> new ResponseStartTimeoutFilter().filter(exchange,
					e -> Mono.delay(TIMEOUT.multipliedBy(10)).then()))
			.thenAwait(TIMEOUT.multipliedBy(10))
			.verifyComplete();
	}

	private static MockServerWebExchange exchange() {
		MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/v1/rooms"));
		Route route = Route.async()
			.id("legacy")
			.uri(URI.create("http://legacy.internal"))
			.predicate(e -> true)
			.metadata(ResponseStartTimeoutFilter.METADATA, TIMEOUT)
			.build();
		exchange.getAttributes().put(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR, route);
		return exchange;
	}

}
