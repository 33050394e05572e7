package io.aclgateway.routing.proxy;

import org.junit.jupiter.api.Test;

import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.http.HttpHeaders;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

import static org.assertj.core.api.Assertions.assertThat;

/** No client can pass an upstream a routing decision the gateway did not make. */
class InternalHeadersFilterTests {

	private final InternalHeadersFilter filter = new InternalHeadersFilter();

	@Test
	void removesTheGatewaysOwnHeadersFromWhatAClientSends() {
		HttpHeaders sent = new HttpHeaders();
		sent.add("x-routed-to", "falcon");
		sent.add("X-Route-Rule", "ios-5");
		sent.add("x-shadow-request", "1");
		sent.add("Accept", "application/json");

		HttpHeaders forwarded = filter.filter(sent,
				MockServerWebExchange.from(MockServerHttpRequest.get("http://gw/v1/me")));

		assertThat(forwarded.headerNames()).containsExactly("Accept");
	}

	@Test
	void removesAShadowMarkAClientSendsAlone() {
		HttpHeaders sent = new HttpHeaders();
		sent.add("X-Shadow-Request", "1");
		sent.add("Accept", "application/json");

		HttpHeaders forwarded = filter.filter(sent,
				MockServerWebExchange.from(MockServerHttpRequest.get("http://gw/v1/rooms/1")));

		assertThat(forwarded.headerNames()).containsExactly("Accept");
	}

	@Test
	void passesOtherHeadersOnAsTheyAre() {
		HttpHeaders sent = new HttpHeaders();
		sent.add("Accept", "application/json");

		assertThat(filter.filter(sent, MockServerWebExchange.from(MockServerHttpRequest.get("http://gw/v1/me"))))
			.isSameAs(sent);
		assertThat(filter.supports(HttpHeadersFilter.Type.REQUEST)).isTrue();
		assertThat(filter.supports(HttpHeadersFilter.Type.RESPONSE)).isFalse();
	}

}
