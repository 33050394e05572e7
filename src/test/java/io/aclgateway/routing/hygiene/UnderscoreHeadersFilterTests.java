package io.aclgateway.routing.hygiene;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpStatus;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

import io.aclgateway.routing.client.Platform;
import io.aclgateway.routing.proxy.RecordingChain;
import io.aclgateway.routing.proxy.TestDecisions;
import io.aclgateway.routing.proxy.UpstreamErrors;
import io.aclgateway.routing.rules.Target;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Header names with underscores never reach an upstream: dropped and counted, or the
 * request refused.
 */
class UnderscoreHeadersFilterTests {

	@Test
	void exportsEveryTargetAndPlatformAtZeroBeforeTheFirstDrop() {
		SimpleMeterRegistry meters = new SimpleMeterRegistry();

		new UnderscoreHeadersFilter(TestDecisions.to(Target.LEGACY), UnderscoreHeadersFilter.Action.DROP, meters,
				new UpstreamErrors(meters));

		for (Target target : Target.values()) {
			for (Platform platform : Platform.values()) {
				assertThat(meters.find("acl.dropped.headers")
					.tag("target", target.wireName())
					.tag("platform", platform.wireName())
					.counter()).as(target + " " + platform).isNotNull().satisfies(c -> assertThat(c.count()).isZero());
			}
		}
	}

	@Test
	void dropsEveryHeaderNameWithAnUnderscoreAndCountsThemByTargetAndPlatform() {
		SimpleMeterRegistry meters = new SimpleMeterRegistry();
		UnderscoreHeadersFilter filter = new UnderscoreHeadersFilter(TestDecisions.to(Target.FALCON),
				UnderscoreHeadersFilter.Action.DROP, meters, new UpstreamErrors(meters));
		MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("http://gw/v1/me")
			.header("X_Forwarded_For", "10.0.0.1")
			.header("x_user", "admin")
			.header("X-Forwarded-For", "198.51.100.7"));
		RecordingChain chain = RecordingChain.completing();

		filter.filter(exchange, chain).block();

		assertThat(chain.onlyPassed().getRequest().getHeaders().headerNames()).containsExactly("X-Forwarded-For");
		assertThat(
				meters.get("acl.dropped.headers").tag("target", "falcon").tag("platform", "unknown").counter().count())
			.isEqualTo(2);
	}

	@Test
	void refusesARequestWithSuchAHeaderWith400CountedWhenToldTo() {
		SimpleMeterRegistry meters = new SimpleMeterRegistry();
		UnderscoreHeadersFilter filter = new UnderscoreHeadersFilter(TestDecisions.to(Target.LEGACY),
				UnderscoreHeadersFilter.Action.REJECT, meters, new UpstreamErrors(meters));
		MockServerWebExchange exchange = MockServerWebExchange
			.from(MockServerHttpRequest.get("http://gw/v1/me").header("x_user", "admin"));
		RecordingChain chain = RecordingChain.completing();

		filter.filter(exchange, chain).block();

		assertThat(chain.passed()).isEmpty();
		assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
		assertThat(exchange.getResponse().getBodyAsString().block()).contains("\"code\":\"invalid_header\"")
			.contains("Header names with underscores are not accepted.");
		assertThat(meters.get("acl.upstream.errors")
			.tag("target", "legacy")
			.tag("code", "invalid_header")
			.counter()
			.count()).isEqualTo(1);
		assertThat(meters.find("acl.dropped.headers").counters()).allSatisfy(c -> assertThat(c.count()).isZero());
	}

	@Test
	void passesARequestWithoutSuchHeadersUntouchedWhateverTheAction() {
		SimpleMeterRegistry meters = new SimpleMeterRegistry();
		UnderscoreHeadersFilter filter = new UnderscoreHeadersFilter(TestDecisions.to(Target.LEGACY),
				UnderscoreHeadersFilter.Action.REJECT, meters, new UpstreamErrors(meters));
		MockServerWebExchange exchange = MockServerWebExchange
			.from(MockServerHttpRequest.get("http://gw/v1/me").header("X-User", "admin"));
		RecordingChain chain = RecordingChain.completing();

		filter.filter(exchange, chain).block();

		assertThat(chain.onlyPassed()).isSameAs(exchange);
	}

}
