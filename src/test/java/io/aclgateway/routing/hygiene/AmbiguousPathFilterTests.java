package io.aclgateway.routing.hygiene;

import java.net.URI;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

import io.aclgateway.routing.proxy.ProxyPipeline;
import io.aclgateway.routing.proxy.RecordingChain;
import io.aclgateway.routing.proxy.TestDecisions;
import io.aclgateway.routing.rules.Target;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A path with no single meaning is refused in its target's dialect and never forwarded.
 */
class AmbiguousPathFilterTests {

	private static MockServerWebExchange exchange(String rawPath) {
		return MockServerWebExchange
			.from(MockServerHttpRequest.method(HttpMethod.GET, URI.create("http://gw" + rawPath)));
	}

	@Test
	void refusesAPathWithAnEncodedSlashWith400InTheLegacyEnvelope() {
		MockServerWebExchange exchange = exchange("/v1/files/a%2Fb");
		RecordingChain chain = RecordingChain.completing();

		new AmbiguousPathFilter(TestDecisions.to(Target.LEGACY)).filter(exchange, chain).block();

		assertThat(chain.passed()).isEmpty();
		assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
		assertThat(exchange.getResponse().getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_JSON);
		assertThat(exchange.getResponse().getBodyAsString().block()).startsWith("{\"status\":{\"success\":false,"
				+ "\"code\":\"invalid_path\",\"message\":\"The request path has no single meaning: ");
	}

	@Test
	void refusesInProblemJsonForAFalconClient() {
		MockServerWebExchange exchange = exchange("/v1/files/a%2Fb");

		new AmbiguousPathFilter(TestDecisions.to(Target.FALCON)).filter(exchange, RecordingChain.completing()).block();

		assertThat(exchange.getResponse().getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(exchange.getResponse().getBodyAsString().block()).contains("\"code\":\"invalid_path\"");
	}

	@Test
	void passesAPathWithOneMeaningOnUntouched() {
		MockServerWebExchange exchange = exchange("/v1/files/caf%C3%A9");
		RecordingChain chain = RecordingChain.completing();

		new AmbiguousPathFilter(TestDecisions.to(Target.LEGACY)).filter(exchange, chain).block();

		assertThat(chain.onlyPassed()).isSameAs(exchange);
		assertThat(exchange.getResponse().getStatusCode()).isNull();
	}

	@Test
	void runsRightAfterTheDecision() {
		assertThat(new AmbiguousPathFilter(TestDecisions.to(Target.LEGACY)).getOrder())
			.isEqualTo(ProxyPipeline.REFUSE_AMBIGUOUS_PATH);
	}

}
