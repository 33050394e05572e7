package io.aclgateway.routing.proxy;

import java.net.URI;

import org.junit.jupiter.api.Test;

import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.http.HttpMethod;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

import io.aclgateway.routing.rules.Target;

import static org.assertj.core.api.Assertions.assertThat;

/** The upstream gets the path's normal form and the client's query byte for byte. */
class ExactRequestUrlFilterTests {

	private final ExactRequestUrlFilter filter = new ExactRequestUrlFilter(TestDecisions.to(Target.FALCON));

	private static MockServerWebExchange routed(String target) {
		MockServerWebExchange exchange = MockServerWebExchange
			.from(MockServerHttpRequest.method(HttpMethod.GET, URI.create("http://gw:8080" + target)));
		exchange.getAttributes()
			.put(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR,
					Route.async().id("falcon").uri("https://falcon-api:9443").predicate(e -> true).build());
		return exchange;
	}

	@Test
	void keepsRepeatedQueryParametersInTheClientsOrder() {
		MockServerWebExchange exchange = routed("/v1/search?a=1&b=2&a=3&q=caf%C3%A9+x");

		filter.filter(exchange, RecordingChain.completing()).block();

		assertThat(exchange.<URI>getAttribute(ServerWebExchangeUtils.GATEWAY_REQUEST_URL_ATTR))
			.isEqualTo(URI.create("https://falcon-api:9443/v1/search?a=1&b=2&a=3&q=caf%C3%A9+x"));
	}

	@Test
	void sendsThePathsNormalForm() {
		MockServerWebExchange exchange = routed("//v1/%66iles/caf%c3%a9");

		filter.filter(exchange, RecordingChain.completing()).block();

		assertThat(exchange.<URI>getAttribute(ServerWebExchangeUtils.GATEWAY_REQUEST_URL_ATTR))
			.isEqualTo(URI.create("https://falcon-api:9443/v1/files/caf%C3%A9"));
	}

	@Test
	void leavesAnExchangeWithoutARouteAlone() {
		MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("http://gw/v1/me"));
		RecordingChain chain = RecordingChain.completing();

		filter.filter(exchange, chain).block();

		assertThat(exchange.getAttributes()).doesNotContainKey(ServerWebExchangeUtils.GATEWAY_REQUEST_URL_ATTR);
		assertThat(chain.passed()).hasSize(1);
	}

	@Test
	void runsRightAfterTheGatewayBuiltTheUrlItReplaces() {
		assertThat(filter.getOrder()).isEqualTo(ProxyPipeline.EXACT_REQUEST_URL).isEqualTo(10001);
	}

}
