package io.aclgateway.routing.proxy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

import io.aclgateway.routing.rules.Target;

import static org.assertj.core.api.Assertions.assertThat;

/** Each routing decision is counted and, when enabled, told to the client. */
class RouteDecisionFilterTests {

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private final RecordingChain chain = RecordingChain.completing();

	private static MockServerWebExchange exchange() {
		return MockServerWebExchange.from(MockServerHttpRequest.get("http://gw/v1/me").header("User-Agent", "curl/8"));
	}

	@Test
	void countsEachDecisionByTargetRuleAndPlatform() {
		RouteDecisionFilter filter = new RouteDecisionFilter(TestDecisions.to(Target.FALCON), meters, false);

		filter.filter(exchange(), chain).block();
		filter.filter(exchange(), chain).block();

		assertThat(meters.get("acl.route.decisions")
			.tag("target", "falcon")
			.tag("rule", "default")
			.tag("platform", "unknown")
			.counter()
			.count()).isEqualTo(2);
		assertThat(chain.passed()).hasSize(2);
	}

	@Test
	void tellsTheClientWhereItWentWhenDebugHeadersAreOn() {
		MockServerWebExchange exchange = exchange();

		new RouteDecisionFilter(TestDecisions.to(Target.LEGACY), meters, true).filter(exchange, chain).block();
		exchange.getResponse().setComplete().block();

		assertThat(exchange.getResponse().getHeaders().getFirst("X-Routed-To")).isEqualTo("legacy");
		assertThat(exchange.getResponse().getHeaders().getFirst("X-Route-Rule")).isEqualTo("default");
	}

	@Test
	void saysNothingToTheClientWhenDebugHeadersAreOff() {
		MockServerWebExchange exchange = exchange();

		new RouteDecisionFilter(TestDecisions.to(Target.LEGACY), meters, false).filter(exchange, chain).block();
		exchange.getResponse().setComplete().block();

		assertThat(exchange.getResponse().getHeaders().containsHeader("X-Routed-To")).isFalse();
		assertThat(exchange.getResponse().getHeaders().containsHeader("X-Route-Rule")).isFalse();
	}

	@Test
	void runsFirstOfAll() {
		assertThat(new RouteDecisionFilter(TestDecisions.to(Target.LEGACY), meters, false).getOrder())
			.isEqualTo(ProxyPipeline.DECIDE)
			.isEqualTo(Integer.MIN_VALUE);
	}

}
