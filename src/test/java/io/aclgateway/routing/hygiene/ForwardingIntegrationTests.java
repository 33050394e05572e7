package io.aclgateway.routing.hygiene;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.test.web.server.LocalServerPort;

import io.aclgateway.testing.GatewayIntegrationTest;
import io.aclgateway.testing.StandIns;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Forwarding as routing.md says: everything unchanged but hop-by-hop and forwarding
 * headers.
 */
@GatewayIntegrationTest(routing = """
		rules:
		  - name: new-ios
		    platforms: [ios]
		    versions: ">=5.0.0"
		    target: falcon
		""", properties = "acl.routing.debug-headers=true")
class ForwardingIntegrationTests {

	@LocalServerPort
	int port;

	private final HttpClient http = HttpClient.newHttpClient();

	private final WireMockServer falcon;

	private final WireMockServer legacy;

	ForwardingIntegrationTests(StandIns standIns) {
		this.falcon = standIns.falcon();
		this.legacy = standIns.legacy();
	}

	@BeforeEach
	void stubs() {
		falcon.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("from falcon")));
		legacy.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("from legacy")));
	}

	@Test
	void sendsANewAppToFalconAndAnOldAppToLegacy() throws Exception {
		HttpResponse<String> newApp = send(
				request("/v1/rooms").header("User-Agent", "ChatWork/5.3.1 (iOS 17.4.1; iPhone15,2)"));
		HttpResponse<String> oldApp = send(
				request("/v1/rooms").header("User-Agent", "ChatWork-iOS/3.2 CFNetwork/1240.0.4 Darwin/20.6.0"));

		assertThat(newApp.body()).isEqualTo("from falcon");
		assertThat(newApp.headers().firstValue("X-Routed-To")).hasValue("falcon");
		assertThat(newApp.headers().firstValue("X-Route-Rule")).hasValue("new-ios");
		assertThat(oldApp.body()).isEqualTo("from legacy");
		assertThat(oldApp.headers().firstValue("X-Routed-To")).hasValue("legacy");
		assertThat(oldApp.headers().firstValue("X-Route-Rule")).hasValue("default");
	}

	@ParameterizedTest
	@ValueSource(strings = { "GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS" })
	void forwardsTheMethodPathAndBodyUnchanged(String method) throws Exception {
		String body = method.equals("GET") || method.equals("OPTIONS") ? "" : "{\"n\":\"" + method + "\"}";
		send(request("/v1/rooms/42/messages").method(method, HttpRequest.BodyPublishers.ofString(body)));

		LoggedRequest received = onlyRequestTo(legacy);
		assertThat(received.getMethod().getName()).isEqualTo(method);
		assertThat(received.getUrl()).isEqualTo("/v1/rooms/42/messages");
		assertThat(received.getBodyAsString()).isEqualTo(body);
	}

	@Test
	void forwardsHeadRequests() throws Exception {
		HttpResponse<String> response = send(request("/v1/ping").method("HEAD", HttpRequest.BodyPublishers.noBody()));

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(onlyRequestTo(legacy).getMethod().getName()).isEqualTo("HEAD");
	}

	@Test
	void forwardsTheQueryStringWithItsEncodingIntact() throws Exception {
		String pathAndQuery = "/v1/search?q=a%20b&mark=%E2%9C%93&plus=1%2B1&amp=%26&empty=&flag&q=again";
		send(request(pathAndQuery));

		assertThat(onlyRequestTo(legacy).getUrl()).isEqualTo(pathAndQuery);
	}

	@Test
	void forwardsEndToEndHeadersAndTheBackendsAnswerUnchanged() throws Exception {
		legacy.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(201)
			.withHeader("X-Backend-Trace", "abc")
			.withHeader("Set-Cookie", "sid=1; HttpOnly")
			.withBody("created")));

		HttpResponse<String> response = send(request("/v1/rooms").header("Authorization", "Bearer token-1")
			.header("X-Custom", "one")
			.header("Accept-Language", "ja"));

		LoggedRequest received = onlyRequestTo(legacy);
		assertThat(received.getHeader("Authorization")).isEqualTo("Bearer token-1");
		assertThat(received.getHeader("X-Custom")).isEqualTo("one");
		assertThat(received.getHeader("Accept-Language")).isEqualTo("ja");
		assertThat(response.statusCode()).isEqualTo(201);
		assertThat(response.headers().firstValue("X-Backend-Trace")).hasValue("abc");
		assertThat(response.headers().firstValue("Set-Cookie")).hasValue("sid=1; HttpOnly");
		assertThat(response.body()).isEqualTo("created");
	}

	@Test
	void dropsHopByHopHeadersIncludingThoseNamedInConnection() throws Exception {
		String answer = rawRequest("GET /v1/hop HTTP/1.1\r\n" + "Host: localhost\r\n"
				+ "Connection: keep-alive, X-Hop-Secret\r\n" + "X-Hop-Secret: must-not-pass\r\n"
				+ "Keep-Alive: timeout=5\r\n" + "Proxy-Authorization: Basic Zm9vOmJhcg==\r\n" + "TE: trailers\r\n"
				+ "X-End-To-End: kept\r\n" + "\r\n");

		assertThat(answer).startsWith("HTTP/1.1 200");
		LoggedRequest received = onlyRequestTo(legacy);
		assertThat(received.getHeader("X-End-To-End")).isEqualTo("kept");
		for (String hop : List.of("X-Hop-Secret", "Keep-Alive", "Proxy-Authorization", "TE")) {
			assertThat(received.containsHeader(hop)).as(hop).isFalse();
		}
	}

	@Test
	void dropsHopByHopHeadersFromTheBackendsAnswer() throws Exception {
		legacy.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200)
			.withHeader("Connection", "X-Internal-Hop")
			.withHeader("X-Internal-Hop", "secret")
			.withHeader("Proxy-Authenticate", "Basic")
			.withBody("ok")));

		HttpResponse<String> response = send(request("/v1/rooms"));

		assertThat(response.headers().firstValue("X-Internal-Hop")).isEmpty();
		assertThat(response.headers().firstValue("Proxy-Authenticate")).isEmpty();
		assertThat(response.body()).isEqualTo("ok");
	}

	@Test
	void setsForwardingHeadersAndIgnoresWhatAnUntrustedClientClaims() throws Exception {
		send(request("/v1/rooms").header("X-Forwarded-For", "6.6.6.6").header("Forwarded", "for=6.6.6.6"));

		LoggedRequest received = onlyRequestTo(legacy);
		assertThat(received.getHeader("X-Forwarded-For")).isEqualTo("127.0.0.1");
		assertThat(received.getHeader("X-Forwarded-Proto")).isEqualTo("http");
		assertThat(received.getHeader("X-Forwarded-Host")).isEqualTo("localhost:" + port);
		assertThat(received.getHeader("X-Forwarded-Port")).isEqualTo(String.valueOf(port));
		assertThat(received.getHeader("Forwarded"))
			.isEqualTo("for=127.0.0.1;proto=http;host=\"localhost:" + port + "\"");
	}

	@Test
	void dropsTheGatewaysOwnHeadersWhenAClientSendsThem() throws Exception {
		send(request("/v1/rooms").header("X-Routed-To", "falcon").header("X-Route-Rule", "forged"));

		LoggedRequest received = onlyRequestTo(legacy);
		assertThat(received.containsHeader("X-Routed-To")).isFalse();
		assertThat(received.containsHeader("X-Route-Rule")).isFalse();
	}

	/**
	 * shadow.md section 1: only the gateway marks a copy, so Falcon may trust the mark
	 * and skip side effects; a client's own mark never reaches an upstream.
	 */
	@Test
	void dropsTheShadowMarkWhenAClientSendsIt() throws Exception {
		send(request("/v1/rooms").header("X-Shadow-Request", "1"));
		send(request("/v1/rooms").header("User-Agent", "ChatWork/5.3.1 (iOS 17.4.1; iPhone15,2)")
			.header("x-shadow-request", "1"));

		assertThat(onlyRequestTo(legacy).containsHeader("X-Shadow-Request")).isFalse();
		assertThat(onlyRequestTo(falcon).containsHeader("X-Shadow-Request")).isFalse();
	}

	@Test
	void reachesOnlyTheConfiguredUpstreamWhateverTheRequestTargetOrHostSays() throws Exception {
		String answer = rawRequest("GET http://169.254.169.254/latest/meta-data HTTP/1.1\r\n"
				+ "Host: 169.254.169.254\r\n" + "Connection: close\r\n\r\n");

		assertThat(answer).startsWith("HTTP/1.1 200");
		assertThat(answer).contains("from legacy");
		assertThat(onlyRequestTo(legacy).getUrl()).isEqualTo("/latest/meta-data");
	}

	private HttpRequest.Builder request(String pathAndQuery) {
		return HttpRequest.newBuilder(URI.create("http://localhost:" + port + pathAndQuery));
	}

	private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
		return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static LoggedRequest onlyRequestTo(WireMockServer upstream) {
		List<LoggedRequest> requests = upstream
			.findAll(com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor(anyUrl()));
		assertThat(requests).hasSize(1);
		return requests.get(0);
	}

	/**
	 * Sends bytes the JDK client refuses to write (Connection, absolute-form targets) and
	 * reads the answer.
	 */
	private String rawRequest(String request) throws IOException {
		try (Socket socket = new Socket("localhost", port)) {
			socket.setSoTimeout(5000);
			OutputStream out = socket.getOutputStream();
			out.write(request.getBytes(StandardCharsets.ISO_8859_1));
			out.flush();
			InputStream in = socket.getInputStream();
			StringBuilder answer = new StringBuilder();
			byte[] buffer = new byte[8192];
			int read;
			while ((read = readUntilIdle(in, buffer)) > 0) {
				answer.append(new String(buffer, 0, read, StandardCharsets.ISO_8859_1));
				if (complete(answer)) {
					break;
				}
			}
			return answer.toString();
		}
	}

	private static int readUntilIdle(InputStream in, byte[] buffer) throws IOException {
		try {
			return in.read(buffer);
		}
		catch (java.net.SocketTimeoutException ex) {
			return -1;
		}
	}

	/**
	 * A chunked answer ends with the last chunk; one with a length ends after that many
	 * body bytes.
	 */
	private static boolean complete(StringBuilder answer) {
		int headerEnd = answer.indexOf("\r\n\r\n");
		if (headerEnd < 0) {
			return false;
		}
		String head = answer.substring(0, headerEnd).toLowerCase();
		if (head.contains("transfer-encoding: chunked")) {
			return answer.toString().endsWith("0\r\n\r\n");
		}
		int at = head.indexOf("content-length:");
		if (at >= 0) {
			int length = Integer.parseInt(head.substring(at + 15).split("\r\n")[0].strip());
			return answer.length() - headerEnd - 4 >= length;
		}
		return false;
	}

}
