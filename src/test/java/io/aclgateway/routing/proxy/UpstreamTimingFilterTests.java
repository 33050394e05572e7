package io.aclgateway.routing.proxy;

import java.net.URI;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayMetricsFilter;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.cloud.gateway.support.tagsprovider.GatewayHttpTagsProvider;
import org.springframework.cloud.gateway.support.tagsprovider.GatewayRouteTagsProvider;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatusCode;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

import static org.assertj.core.api.Assertions.assertThat;

class UpstreamTimingFilterTests {

	private static final Route LEGACY = Route.async()
		.id("legacy")
		.uri(URI.create("http://legacy.internal:8080"))
		.predicate(exchange -> true)
		.build();

	/**
	 * The dashboards and alerts read {@code spring_cloud_gateway_requests_seconds} as the
	 * gateway's own filter wrote it: the same series must come out, tag for tag.
	 */
	@ParameterizedTest(name = "{0} answered {1}")
	@CsvSource({ "GET, 200", "POST, 201", "GET, 404", "DELETE, 503", "GET, 599", "PATCH, -1", "PROPFIND, 207" })
	void timesEachRequestUnderTheSeriesTheGatewaysOwnFilterWrote(String method, int status) {
		Set<List<Tag>> ours = series(true, method, status);
		// the gateway's own filter, with the tag providers it has by default
		Set<List<Tag>> theGateways = series(false, method, status);

		assertThat(ours).isEqualTo(theGateways).hasSize(1);
	}

	@ParameterizedTest(name = "{0} answered {1}")
	@CsvSource({ "GET, 200", "GET, 502" })
	void countsEveryRequestOnceAgain(String method, int status) {
		SimpleMeterRegistry meters = new SimpleMeterRegistry();
		UpstreamTimingFilter filter = new UpstreamTimingFilter(meters);
		for (int i = 0; i < 3; i++) {
			run(filter, exchange(method, status));
		}

		assertThat(meters.get(UpstreamTimingFilter.METRIC).timer().count()).isEqualTo(3);
	}

	@Test
	void timesNothingForARequestThatTookNoRoute() {
		SimpleMeterRegistry meters = new SimpleMeterRegistry();
		MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/v1/rooms"));

		run(new UpstreamTimingFilter(meters), exchange);

		assertThat(meters.find(UpstreamTimingFilter.METRIC).timers()).isEmpty();
	}

	private static Set<List<Tag>> series(boolean ours, String method, int status) {
		MeterRegistry meters = new SimpleMeterRegistry();
		GlobalFilter filter = ours ? new UpstreamTimingFilter(meters) : new GatewayMetricsFilter(meters,
				List.of(new GatewayHttpTagsProvider(), new GatewayRouteTagsProvider()), "spring.cloud.gateway");
		run(filter, exchange(method, status));
		return meters.getMeters()
			.stream()
			.map(Meter::getId)
			.filter(id -> id.getName().equals(UpstreamTimingFilter.METRIC))
			.map(Meter.Id::getTags)
			.collect(Collectors.toSet());
	}

	private static MockServerWebExchange exchange(String method, int status) {
		MockServerWebExchange exchange = MockServerWebExchange
			.from(MockServerHttpRequest.method(HttpMethod.valueOf(method), "/v1/rooms/42"));
		exchange.getAttributes().put(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR, LEGACY);
		if (status >= 0) {
			exchange.getResponse().setStatusCode(HttpStatusCode.valueOf(status));
		}
		return exchange;
	}

	private static void run(GlobalFilter filter, MockServerWebExchange exchange) {
		filter.filter(exchange, RecordingChain.completing())
			.then(Mono.defer(() -> exchange.getResponse().setComplete()))
			.block();
	}

}
