package io.aclgateway.routing.hygiene;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter.Type;
import org.springframework.cloud.gateway.filter.headers.RemoveHopByHopHeadersFilter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.http.support.Netty4HeadersAdapter;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.ServerWebExchange;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The one pass gives the upstreams exactly the headers the chain of filters it replaced
 * gave them ({@link PreviousHeaderChain}): same names, spelled the same, same values,
 * same order, for requests and responses alike. The headers are Reactor Netty's, as the
 * server hands them over.
 */
class UpstreamHeadersEquivalenceTests {

	private static final List<String> TRUSTED = List.of("10.1.0.0/16", "2001:db8::/32");

	private static final String UNTRUSTED_PEER = "198.51.100.7";

	private static final String TRUSTED_PEER = "10.1.4.20";

	private final HttpHeadersFilter requests = new UpstreamHeadersFilter(Type.REQUEST, TRUSTED,
			RemoveHopByHopHeadersFilter.HEADERS_REMOVED_ON_REQUEST);

	private final HttpHeadersFilter responses = new UpstreamHeadersFilter(Type.RESPONSE, TRUSTED,
			RemoveHopByHopHeadersFilter.HEADERS_REMOVED_ON_REQUEST);

	static Stream<Arguments> requests() {
		return Stream.of(
				row("plain GET", UNTRUSTED_PEER, "http://api.example.com/v1/rooms", "Host", "api.example.com",
						"User-Agent", "ChatWork/5.3.1 (iOS 17.4.1; iPhone15,2)", "Accept", "*/*"),
				row("port in Host and URI", UNTRUSTED_PEER, "http://api.example.com:8080/v1/rooms", "Host",
						"api.example.com:8080", "Accept", "*/*"),
				row("no Host", UNTRUSTED_PEER, "http://api.example.com/v1/rooms", "Accept", "*/*"),
				row("Connection names a header", UNTRUSTED_PEER, "http://gw/v1/me", "Host", "gw", "Connection",
						"keep-alive, x-foo", "X-Foo", "secret", "Keep-Alive", "timeout=5", "Accept", "*/*"),
				row("Connection names headers in odd case and spacing", UNTRUSTED_PEER, "http://gw/v1/me", "Host", "gw",
						"connection", "X-FOO ,Content-Length,, x-bar", "x-foo", "1", "X-Bar", "2", "Content-Length",
						"0", "X-Baz", "3"),
				row("Connection twice", UNTRUSTED_PEER, "http://gw/v1/me", "Host", "gw", "Connection", "x-a",
						"Connection", "x-b", "X-A", "1", "X-B", "2", "X-C", "3"),
				row("TE and trailers", UNTRUSTED_PEER, "http://gw/v1/me", "Host", "gw", "TE", "trailers", "Trailer",
						"Expires", "Accept", "*/*"),
				row("WebSocket upgrade", UNTRUSTED_PEER, "http://gw/v1/socket", "Host", "gw", "Connection", "Upgrade",
						"Upgrade", "websocket", "Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==",
						"Sec-WebSocket-Version", "13", "Sec-WebSocket-Protocol", "chat, superchat", "Origin",
						"https://app.example.com"),
				row("chunked beside Content-Length", UNTRUSTED_PEER, "http://gw/v1/rooms", "Host", "gw",
						"Transfer-Encoding", "chunked", "Content-Length", "12", "Content-Type", "application/json"),
				row("chunked in odd case and spaces", UNTRUSTED_PEER, "http://gw/v1/rooms", "Host", "gw",
						"transfer-encoding", "CHUNKED", "content-length", "12"),
				row("chunked after another coding", UNTRUSTED_PEER, "http://gw/v1/rooms", "Host", "gw",
						"Transfer-Encoding", "gzip, chunked", "Content-Length", "12"),
				row("chunked without Content-Length", UNTRUSTED_PEER, "http://gw/v1/rooms", "Host", "gw",
						"Transfer-Encoding", "chunked"),
				row("proxy credentials and others", UNTRUSTED_PEER, "http://gw/v1/me", "Host", "gw",
						"Proxy-Authorization", "Basic eA==", "Proxy-Authenticate", "Basic", "X-Application-Context",
						"app:8080", "Proxy-Connection", "keep-alive", "Authorization", "Bearer t"),
				row("untrusted client's forwarding claims", UNTRUSTED_PEER, "http://api.example.com:8080/v1/me", "Host",
						"api.example.com:8080", "X-Forwarded-For", "203.0.113.9", "x-forwarded-proto", "https",
						"X-Forwarded-Host", "public.example.com", "X-FORWARDED-PORT", "443", "X-Forwarded-Prefix",
						"/sneaky", "X-Forwarded-Anything", "1", "forwarded", "for=203.0.113.9;proto=https", "Accept",
						"*/*"),
				row("trusted proxy's forwarding claims", TRUSTED_PEER, "http://api.example.com:8080/v1/me", "Host",
						"api.example.com:8080", "X-Forwarded-For", "203.0.113.9", "X-Forwarded-For", "198.51.100.1",
						"X-Forwarded-Proto", "https", "X-Forwarded-Host", "public.example.com", "X-Forwarded-Port",
						"443", "X-Forwarded-Prefix", "/p", "Forwarded", "for=203.0.113.9;proto=https", "Accept", "*/*"),
				row("trusted proxy claiming blanks", TRUSTED_PEER, "http://api.example.com/v1/me", "Host",
						"api.example.com", "X-Forwarded-For", "", "X-Forwarded-Proto", ""),
				row("IPv6 client", "2001:db9::1", "http://api.example.com/v1/me", "Host", "[2001:db9::7]:8080"),
				row("IPv6 trusted proxy", "2001:db8::42", "http://api.example.com/v1/me", "Host", "api.example.com",
						"X-Forwarded-For", "203.0.113.9"),
				row("internal headers however spelled", UNTRUSTED_PEER, "http://gw/v1/me", "Host", "gw", "x-routed-to",
						"falcon", "X-Route-Rule", "ios-5", "X-SHADOW-REQUEST", "1", "X-Routed-To-Not", "kept"),
				row("repeated headers", UNTRUSTED_PEER, "http://gw/v1/me", "Host", "gw", "Accept", "text/html",
						"Cookie", "a=1", "Accept", "application/json", "Cookie", "b=2"),
				row("case variants of one name", UNTRUSTED_PEER, "http://gw/v1/me", "Host", "gw", "X-Custom", "a",
						"x-custom", "b", "X-CUSTOM", "c", "accept", "*/*"),
				row("underscores (dropped earlier by their own filter)", UNTRUSTED_PEER, "http://gw/v1/me", "Host",
						"gw", "X_Forwarded_For", "1.2.3.4", "X-Api_Key", "k"),
				row("empty values", UNTRUSTED_PEER, "http://gw/v1/me", "Host", "gw", "X-Empty", "", "Connection", ""),
				row("every header at once", TRUSTED_PEER, "http://api.example.com/v1/rooms?a=1&b=2", "Host",
						"api.example.com", "Connection", "keep-alive, X-Hop, Upgrade", "Keep-Alive", "timeout=5",
						"Upgrade", "websocket", "X-Hop", "1", "TE", "trailers", "Transfer-Encoding", "chunked",
						"Content-Length", "3", "X-Forwarded-For", "203.0.113.9", "X-Routed-To", "legacy", "User-Agent",
						"ChatWork/5.3.1 (Android 14; Pixel 8)", "Cookie", "a=1", "Cookie", "b=2"));
	}

	static Stream<Arguments> responses() {
		return Stream.of(
				responseRow("nginx keep-alive", "Server", "nginx", "Date", "Mon, 30 Nov 2026 11:00:00 GMT",
						"Content-Type", "application/json", "Content-Length", "2", "Connection", "keep-alive"),
				responseRow("every hop-by-hop header", "Connection", "keep-alive, X-Upstream-Debug", "Keep-Alive",
						"timeout=15", "Transfer-Encoding", "chunked", "Trailer", "Expires", "Upgrade", "h2c",
						"Proxy-Authenticate", "Basic", "x-upstream-debug", "1", "Content-Type", "text/plain"),
				responseRow("repeated and case variants", "Set-Cookie", "a=1", "set-cookie", "b=2", "Vary", "Accept",
						"Vary", "Origin", "connection", "close"),
				responseRow("nothing to drop", "Content-Type", "application/json", "Content-Length", "2"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("requests")
	void anUpstreamGetsTheRequestHeadersTheChainGaveIt(String name, String peer, String uri, List<String> sent) {
		ServerWebExchange previous = exchange(peer, uri, sent);
		ServerWebExchange now = exchange(peer, uri, sent);

		HttpHeaders before = HttpHeadersFilter.filterRequest(PreviousHeaderChain.request(TRUSTED), previous);
		HttpHeaders after = HttpHeadersFilter.filterRequest(List.of(requests), now);

		assertThat(entries(after)).isEqualTo(entries(before));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("responses")
	void aClientGetsTheResponseHeadersTheChainGaveIt(String name, List<String> answered) {
		ServerWebExchange exchange = exchange(UNTRUSTED_PEER, "http://gw/v1/me", List.of("Host", "gw"));

		HttpHeaders before = HttpHeadersFilter.filter(PreviousHeaderChain.response(), routingFiltersCopy(answered),
				exchange, Type.RESPONSE);
		HttpHeaders after = HttpHeadersFilter.filter(List.of(responses), routingFiltersCopy(answered), exchange,
				Type.RESPONSE);

		assertThat(entries(after)).isEqualTo(entries(before));
	}

	/**
	 * The one difference, on purpose: the chain dropped the names a client listed in
	 * {@code Connection} after it had set the forwarding headers, so a client could keep
	 * its address from the upstreams (RFC 9110 7.6.1 has a proxy drop the options of the
	 * message it received, not the headers it adds itself).
	 */
	@Test
	void aClientNamingTheForwardingHeadersInConnectionNoLongerDropsThem() {
		List<String> sent = List.of("Host", "gw", "Connection", "X-Forwarded-For, forwarded, X-Forwarded-Host",
				"X-Forwarded-For", "203.0.113.9");

		HttpHeaders before = HttpHeadersFilter.filterRequest(PreviousHeaderChain.request(TRUSTED),
				exchange(UNTRUSTED_PEER, "http://gw/v1/me", sent));
		HttpHeaders after = HttpHeadersFilter.filterRequest(List.of(requests),
				exchange(UNTRUSTED_PEER, "http://gw/v1/me", sent));

		assertThat(before.headerNames()).containsExactly("Host", "X-Forwarded-Proto");
		assertThat(entries(after)).containsExactly("Host: [gw]", "X-Forwarded-For: [198.51.100.7]",
				"X-Forwarded-Proto: [http]", "X-Forwarded-Host: [gw]",
				"Forwarded: [for=198.51.100.7;proto=http;host=gw]");
	}

	private static Arguments row(String name, String peer, String uri, String... sent) {
		return Arguments.of(name, peer, uri, List.of(sent));
	}

	private static Arguments responseRow(String name, String... answered) {
		return Arguments.of(name, List.of(answered));
	}

	/** A request whose headers are Reactor Netty's, as the server hands them over. */
	private static ServerWebExchange exchange(String peer, String uri, List<String> sent) {
		DefaultHttpHeaders netty = new DefaultHttpHeaders();
		for (int i = 0; i < sent.size(); i += 2) {
			netty.add(sent.get(i), sent.get(i + 1));
		}
		HttpHeaders headers = HttpHeaders.readOnlyHttpHeaders(new HttpHeaders(new Netty4HeadersAdapter(netty)));
		MockServerWebExchange mock = MockServerWebExchange
			.from(MockServerHttpRequest.get(uri).remoteAddress(new InetSocketAddress(peer, 40000)));
		ServerHttpRequest request = new ServerHttpRequestDecorator(mock.getRequest()) {
			@Override
			public HttpHeaders getHeaders() {
				return headers;
			}
		};
		return mock.mutate().request(request).build();
	}

	/** What NettyRoutingFilter hands the response filters: a map of its own. */
	private static HttpHeaders routingFiltersCopy(List<String> answered) {
		DefaultHttpHeaders netty = new DefaultHttpHeaders();
		for (int i = 0; i < answered.size(); i += 2) {
			netty.add(answered.get(i), answered.get(i + 1));
		}
		HttpHeaders headers = new HttpHeaders();
		netty.forEach(entry -> headers.add(entry.getKey(), entry.getValue()));
		return headers;
	}

	private static List<String> entries(HttpHeaders headers) {
		List<String> entries = new ArrayList<>();
		for (Map.Entry<String, List<String>> entry : headers.headerSet()) {
			entries.add(entry.getKey() + ": " + entry.getValue());
		}
		return entries;
	}

}
