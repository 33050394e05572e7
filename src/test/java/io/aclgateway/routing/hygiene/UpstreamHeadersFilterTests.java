package io.aclgateway.routing.hygiene;

import java.net.InetSocketAddress;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter.Type;
import org.springframework.cloud.gateway.filter.headers.RemoveHopByHopHeadersFilter;
import org.springframework.http.HttpHeaders;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The headers upstreams get: what a client claims in the forwarding headers is kept only
 * through a trusted proxy; hop-by-hop and internal headers never pass.
 */
class UpstreamHeadersFilterTests {

	private final UpstreamHeadersFilter filter = filter(List.of("10.1.0.0/16", "2001:db8::/32"));

	private final UpstreamHeadersFilter responses = new UpstreamHeadersFilter(Type.RESPONSE, List.of(),
			RemoveHopByHopHeadersFilter.HEADERS_REMOVED_ON_REQUEST);

	private static UpstreamHeadersFilter filter(List<String> trustedProxies) {
		return new UpstreamHeadersFilter(Type.REQUEST, trustedProxies,
				RemoveHopByHopHeadersFilter.HEADERS_REMOVED_ON_REQUEST);
	}

	private HttpHeaders forwarded(String remoteIp, MockServerHttpRequest.BaseBuilder<?> request) {
		MockServerWebExchange exchange = MockServerWebExchange
			.from(request.remoteAddress(new InetSocketAddress(remoteIp, 40000)));
		return filter.filter(exchange.getRequest().getHeaders(), exchange);
	}

	private static MockServerHttpRequest.BaseBuilder<?> claiming() {
		return MockServerHttpRequest.get("http://api.example.com:8080/v1/me")
			.header(HttpHeaders.HOST, "api.example.com:8080")
			.header("X-Forwarded-For", "203.0.113.9")
			.header("X-Forwarded-Proto", "https")
			.header("X-Forwarded-Host", "public.example.com")
			.header("X-Forwarded-Port", "443")
			.header("X-Forwarded-Prefix", "/sneaky")
			.header("Forwarded", "for=203.0.113.9;proto=https")
			.header("Accept", "application/json");
	}

	@Test
	void anUntrustedClientsClaimsAreReplacedByWhatTheGatewaySees() {
		HttpHeaders headers = forwarded("198.51.100.7", claiming());

		assertThat(headers.get("X-Forwarded-For")).containsExactly("198.51.100.7");
		assertThat(headers.get("X-Forwarded-Proto")).containsExactly("http");
		assertThat(headers.get("X-Forwarded-Host")).containsExactly("api.example.com:8080");
		assertThat(headers.get("X-Forwarded-Port")).containsExactly("8080");
		assertThat(headers.get("Forwarded"))
			.containsExactly("for=198.51.100.7;proto=http;host=\"api.example.com:8080\"");
		assertThat(headers.containsHeader("X-Forwarded-Prefix")).isFalse();
		assertThat(headers.get("Accept")).containsExactly("application/json");
	}

	@Test
	void aTrustedProxysClaimsAreKeptAndExtendedWithThePeer() {
		HttpHeaders headers = forwarded("10.1.4.20", claiming());

		assertThat(headers.get("X-Forwarded-For")).containsExactly("203.0.113.9, 10.1.4.20");
		assertThat(headers.get("X-Forwarded-Proto")).containsExactly("https");
		assertThat(headers.get("X-Forwarded-Host")).containsExactly("public.example.com");
		assertThat(headers.get("X-Forwarded-Port")).containsExactly("443");
		assertThat(headers.get("Forwarded"))
			.containsExactly("for=203.0.113.9;proto=https, for=10.1.4.20;proto=http;host=\"api.example.com:8080\"");
		assertThat(headers.containsHeader("X-Forwarded-Prefix")).as("never passed on, trusted or not").isFalse();
	}

	@Test
	void aTrustedProxyThatClaimsNothingGetsWhatTheGatewaySees() {
		HttpHeaders headers = forwarded("10.1.4.20", MockServerHttpRequest.get("http://api.example.com:8080/v1/me")
			.header(HttpHeaders.HOST, "api.example.com"));

		assertThat(headers.get("X-Forwarded-For")).containsExactly("10.1.4.20");
		assertThat(headers.get("X-Forwarded-Proto")).containsExactly("http");
		assertThat(headers.get("X-Forwarded-Host")).containsExactly("api.example.com");
		assertThat(headers.get("Forwarded")).containsExactly("for=10.1.4.20;proto=http;host=api.example.com");
	}

	@Test
	void anIpv6ClientIsWrittenCompressedAndBracketedAndQuotedInForwarded() {
		HttpHeaders headers = forwarded("2001:0db9:0:0:0:0:0:1", claiming());

		assertThat(headers.get("X-Forwarded-For")).as("untrusted: outside 2001:db8::/32")
			.containsExactly("2001:db9::1");
		assertThat(headers.get("Forwarded"))
			.containsExactly("for=\"[2001:db9::1]\";proto=http;host=\"api.example.com:8080\"");
	}

	@Test
	void anIpv6ProxyInsideATrustedBlockIsTrusted() {
		HttpHeaders headers = forwarded("2001:db8:0:0:0:0:0:42", claiming());

		assertThat(headers.get("X-Forwarded-For")).containsExactly("203.0.113.9, 2001:db8::42");
		assertThat(headers.get("X-Forwarded-Proto")).containsExactly("https");
	}

	@Test
	void aSingleAddressWithoutPrefixLengthTrustsThatAddressOnly() {
		UpstreamHeadersFilter single = filter(List.of(" 10.1.4.20 ", "::1"));

		assertThat(single
			.trusts(MockServerHttpRequest.get("/").remoteAddress(new InetSocketAddress("10.1.4.20", 1)).build()))
			.isTrue();
		assertThat(single
			.trusts(MockServerHttpRequest.get("/").remoteAddress(new InetSocketAddress("10.1.4.21", 1)).build()))
			.isFalse();
		assertThat(single.trusts(MockServerHttpRequest.get("/").remoteAddress(new InetSocketAddress("::1", 1)).build()))
			.isTrue();
		assertThat(single.trusts(MockServerHttpRequest.get("/").build())).as("no remote address").isFalse();
	}

	@Test
	void aBracketedIpv6EntryTrustsTheAddressInside() {
		UpstreamHeadersFilter bracketed = filter(List.of("[2001:db8::1]"));

		assertThat(bracketed
			.trusts(MockServerHttpRequest.get("/").remoteAddress(new InetSocketAddress("2001:db8::1", 1)).build()))
			.isTrue();
		assertThat(bracketed
			.trusts(MockServerHttpRequest.get("/").remoteAddress(new InetSocketAddress("2001:db8::2", 1)).build()))
			.isFalse();
	}

	@ParameterizedTest
	@ValueSource(strings = { "proxy.internal", "10.1.0.0/33", "2001:db8::/129", "10.1.0.0/-1", "10.1.0.0/x" })
	void refusesAnEntryThatIsNoAddressOrCidrBlockNamingTheKey(String entry) {
		assertThatIllegalArgumentException().isThrownBy(() -> filter(List.of(entry)))
			.withMessageStartingWith("acl.forwarding.trusted-proxies: '" + entry + "'");
	}

	@Test
	void dropsTheGatewaysOwnHeadersFromWhatAClientSendsHoweverSpelled() {
		HttpHeaders headers = forwarded("198.51.100.7",
				MockServerHttpRequest.get("http://gw/v1/me")
					.header("x-routed-to", "falcon")
					.header("X-Route-Rule", "ios-5")
					.header("X-SHADOW-REQUEST", "1")
					.header("Accept", "application/json"));

		assertThat(headers.headerNames()).containsExactly("Accept", "X-Forwarded-For", "X-Forwarded-Proto",
				"Forwarded");
	}

	@Test
	void dropsHopByHopHeadersAndThoseTheConnectionHeaderNames() {
		HttpHeaders headers = forwarded("198.51.100.7",
				MockServerHttpRequest.get("http://gw/v1/me")
					.header(HttpHeaders.CONNECTION, "keep-alive, X-Foo")
					.header("Keep-Alive", "timeout=5")
					.header("x-foo", "bar")
					.header("TE", "trailers")
					.header("Proxy-Authorization", "Basic eA==")
					.header("Upgrade", "h2c")
					.header("Accept", "application/json"));

		assertThat(headers.headerNames()).containsExactly("Accept", "X-Forwarded-For", "X-Forwarded-Proto",
				"Forwarded");
	}

	@Test
	void aClientCannotDropTheForwardingHeadersByNamingThemInConnection() {
		HttpHeaders headers = forwarded("198.51.100.7", MockServerHttpRequest.get("http://gw/v1/me")
			.header(HttpHeaders.CONNECTION, "X-Forwarded-For, Forwarded"));

		assertThat(headers.get("X-Forwarded-For")).containsExactly("198.51.100.7");
		assertThat(headers.get("Forwarded")).containsExactly("for=198.51.100.7;proto=http");
	}

	@Test
	void dropsContentLengthBesideChunkedTransferEncodingOnly() {
		assertThat(forwarded("198.51.100.7",
				MockServerHttpRequest.post("http://gw/v1/me")
					.header(HttpHeaders.TRANSFER_ENCODING, " Chunked ")
					.header(HttpHeaders.CONTENT_LENGTH, "5"))
			.headerNames()).doesNotContain(HttpHeaders.CONTENT_LENGTH, HttpHeaders.TRANSFER_ENCODING);
		assertThat(forwarded("198.51.100.7",
				MockServerHttpRequest.post("http://gw/v1/me")
					.header(HttpHeaders.TRANSFER_ENCODING, "gzip, chunked")
					.header(HttpHeaders.CONTENT_LENGTH, "5"))
			.get(HttpHeaders.CONTENT_LENGTH)).containsExactly("5");
	}

	@Test
	void takesTheHopByHopHeadersOutOfTheRoutingFiltersOwnResponseMap() {
		HttpHeaders upstream = new HttpHeaders();
		upstream.add(HttpHeaders.CONNECTION, "keep-alive, X-Upstream-Debug");
		upstream.add("Keep-Alive", "timeout=15");
		upstream.add(HttpHeaders.TRANSFER_ENCODING, "chunked");
		upstream.add("x-upstream-debug", "1");
		upstream.add(HttpHeaders.CONTENT_TYPE, "application/json");
		upstream.add(HttpHeaders.SET_COOKIE, "a=1");
		upstream.add(HttpHeaders.SET_COOKIE, "b=2");

		HttpHeaders answered = responses.filter(upstream,
				MockServerWebExchange.from(MockServerHttpRequest.get("http://gw/v1/me")));

		assertThat(answered).isSameAs(upstream);
		assertThat(answered.headerNames()).containsExactly(HttpHeaders.CONTENT_TYPE, HttpHeaders.SET_COOKIE);
		assertThat(answered.get(HttpHeaders.SET_COOKIE)).containsExactly("a=1", "b=2");
	}

	@Test
	void copiesAReadOnlyResponseMapRatherThanFail() {
		HttpHeaders upstream = new HttpHeaders();
		upstream.add(HttpHeaders.CONNECTION, "keep-alive");
		upstream.add(HttpHeaders.CONTENT_TYPE, "application/json");

		HttpHeaders answered = responses.filter(HttpHeaders.readOnlyHttpHeaders(upstream),
				MockServerWebExchange.from(MockServerHttpRequest.get("http://gw/v1/me")));

		assertThat(answered.headerNames()).containsExactly(HttpHeaders.CONTENT_TYPE);
	}

	@Test
	void eachInstanceAppliesToItsOwnDirection() {
		assertThat(filter.supports(Type.REQUEST)).isTrue();
		assertThat(filter.supports(Type.RESPONSE)).isFalse();
		assertThat(responses.supports(Type.REQUEST)).isFalse();
		assertThat(responses.supports(Type.RESPONSE)).isTrue();
	}

}
