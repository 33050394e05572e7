package io.aclgateway.routing.hygiene;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Set;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

import io.aclgateway.routing.proxy.RecordingChain;
import io.aclgateway.routing.proxy.TestDecisions;
import io.aclgateway.routing.proxy.TestUpstreams;
import io.aclgateway.routing.proxy.UpstreamErrors;
import io.aclgateway.routing.rules.Target;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Only the public host names reach an upstream, and the Host goes on to the upstreams
 * that keep it.
 */
class PublicHostFilterTests {

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private final RecordingChain chain = RecordingChain.completing();

	private PublicHostFilter filter(List<String> publicHosts, boolean preserveHost) {
		return new PublicHostFilter(TestDecisions.to(Target.LEGACY),
				TestUpstreams.both(TestUpstreams.upstream().preserveHost(preserveHost)), publicHosts,
				new UpstreamHeadersFilter(HttpHeadersFilter.Type.REQUEST, List.of("10.1.0.0/16"), Set.of()),
				new UpstreamErrors(meters));
	}

	private static MockServerHttpRequest.BaseBuilder<?> request(String host) {
		return MockServerHttpRequest.get("http://gw/v1/me")
			.header(HttpHeaders.HOST, host)
			.remoteAddress(new InetSocketAddress("198.51.100.7", 40000));
	}

	private double unknownHosts() {
		return meters.get("acl.upstream.errors").tag("target", "legacy").tag("code", "unknown_host").counter().count();
	}

	@Test
	void refusesAHostThatIsNotPublicWith421CountedAndNeverForwarded() {
		MockServerWebExchange exchange = MockServerWebExchange.from(request("evil.example"));

		filter(List.of("api.example.com"), true).filter(exchange, chain).block();

		assertThat(chain.passed()).isEmpty();
		assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.MISDIRECTED_REQUEST);
		assertThat(exchange.getResponse().getBodyAsString().block()).contains("\"code\":\"unknown_host\"")
			.contains("This host is not served here.");
		assertThat(unknownHosts()).isEqualTo(1);
	}

	@Test
	void matchesAPublicHostWithoutRegardToCaseAndForwardsItsHost() {
		MockServerWebExchange exchange = MockServerWebExchange.from(request("API.Example.com:8443"));

		filter(List.of(" api.example.com:8443 ", ""), true).filter(exchange, chain).block();

		assertThat(chain.onlyPassed().<Boolean>getAttribute(ServerWebExchangeUtils.PRESERVE_HOST_HEADER_ATTRIBUTE))
			.isTrue();
		assertThat(unknownHosts()).isZero();
	}

	@Test
	void thePortMustMatchAsListed() {
		MockServerWebExchange exchange = MockServerWebExchange.from(request("api.example.com:9999"));

		filter(List.of("api.example.com"), true).filter(exchange, chain).block();

		assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.MISDIRECTED_REQUEST);
	}

	@Test
	void refusesARequestWithTwoHostsAsMalformed() {
		MockServerWebExchange exchange = MockServerWebExchange
			.from(request("api.example.com").header(HttpHeaders.HOST, "evil.example"));

		filter(List.of("api.example.com"), true).filter(exchange, chain).block();

		assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
		assertThat(unknownHosts()).isEqualTo(1);
	}

	@Test
	void holdsTheForwardedHostOfATrustedProxyToTheSameList() {
		MockServerWebExchange exchange = MockServerWebExchange
			.from(request("api.example.com").header("X-Forwarded-Host", "evil.example")
				.remoteAddress(new InetSocketAddress("10.1.2.3", 40000)));

		filter(List.of("api.example.com"), true).filter(exchange, chain).block();

		assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.MISDIRECTED_REQUEST);
	}

	@Test
	void ignoresTheForwardedHostOfAnUntrustedClientWhichIsReplacedAnyway() {
		MockServerWebExchange exchange = MockServerWebExchange
			.from(request("api.example.com").header("X-Forwarded-Host", "evil.example"));

		filter(List.of("api.example.com"), true).filter(exchange, chain).block();

		assertThat(chain.passed()).hasSize(1);
	}

	@Test
	void withoutPublicHostsAnyHostPassesAndAnUpstreamThatDoesNotKeepItGetsItsOwn() {
		MockServerWebExchange exchange = MockServerWebExchange.from(request("anything.example"));

		filter(List.of(), false).filter(exchange, chain).block();

		assertThat(chain.onlyPassed().getAttributes())
			.doesNotContainKey(ServerWebExchangeUtils.PRESERVE_HOST_HEADER_ATTRIBUTE);
	}

}
