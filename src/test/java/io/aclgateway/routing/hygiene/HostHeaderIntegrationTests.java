package io.aclgateway.routing.hygiene;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
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
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * routing.md, Forwarding: the client's {@code Host} goes to the target unchanged (legacy
 * builds absolute URLs and cookie domains from it), unless an upstream is set to get its
 * own; with public host names configured, any other {@code Host} is refused before it
 * reaches an upstream, so a forged one cannot steer legacy's links. Requests are written
 * on a raw socket, since the JDK client will not send a chosen {@code Host}.
 */
@GatewayIntegrationTest(routing = """
		rules:
		  - name: new-api-on-falcon
		    paths: ["/v2/**"]
		    target: falcon
		default: legacy
		""",
		properties = { "acl.falcon.preserve-host=false",
				"acl.forwarding.public-hosts=api.example.com, Legacy.Example.com:8443, mixed.example.com",
				"acl.forwarding.trusted-proxies=10.9.0.0/16" })
class HostHeaderIntegrationTests {

	@LocalServerPort
	int port;

	private final WireMockServer falcon;

	private final WireMockServer legacy;

	HostHeaderIntegrationTests(StandIns standIns) {
		this.falcon = standIns.falcon();
		this.legacy = standIns.legacy();
	}

	@BeforeEach
	void stubs() {
		falcon.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("from falcon")));
		legacy.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("from legacy")));
		falcon.resetRequests();
		legacy.resetRequests();
	}

	@Test
	void legacyGetsTheClientsHostAndAnUpstreamSetNotToKeepItGetsItsOwnAuthority() throws IOException {
		String toLegacy = exchange("GET /v1/rooms HTTP/1.1\r\nHost: api.example.com\r\nConnection: close\r\n\r\n");
		String toFalcon = exchange("GET /v2/rooms HTTP/1.1\r\nHost: api.example.com\r\nConnection: close\r\n\r\n");

		assertThat(toLegacy).startsWith("HTTP/1.1 200").contains("from legacy");
		assertThat(onlyRequestTo(legacy).getHeader("Host")).isEqualTo("api.example.com");
		assertThat(toFalcon).startsWith("HTTP/1.1 200").contains("from falcon");
		LoggedRequest atFalcon = onlyRequestTo(falcon);
		assertThat(atFalcon.getHeader("Host")).isEqualTo("localhost:" + falcon.port());
		assertThat(atFalcon.getHeader("X-Forwarded-Host")).as("the client's host, for an upstream that wants it")
			.isEqualTo("api.example.com");
	}

	// Each host is sent once in this class: WireMock's Jetty reuses a Host field it has
	// seen on a
	// connection when the next one differs only in case, which would hide what the
	// gateway sent.
	@ParameterizedTest
	@ValueSource(strings = { "MIXED.Example.COM", "legacy.example.com:8443" })
	void letsAListedHostThroughWhateverItsCaseAndForwardsItAsSent(String host) throws IOException {
		String answer = exchange("GET /v1/rooms HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n");

		assertThat(answer).startsWith("HTTP/1.1 200").contains("from legacy");
		LoggedRequest received = onlyRequestTo(legacy);
		assertThat(received.getHeader("X-Forwarded-Host")).isEqualTo(host);
		assertThat(received.getHeader("Host")).isEqualTo(host);
	}

	@ParameterizedTest
	@ValueSource(strings = { "evil.example.com", "api.example.com:8080", "api.example.com.", "127.0.0.1" })
	void refusesAnUnlistedHostWith421InTheLegacyEnvelopeAndForwardsNothing(String host) throws IOException {
		String answer = exchange("GET /v1/rooms HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n");

		assertThat(answer).startsWith("HTTP/1.1 421")
			.contains("\"code\":\"unknown_host\"")
			.contains("\"success\":false")
			.doesNotContain(host);
		assertNothingForwarded();
	}

	@Test
	void refusesAnUnlistedHostToFalconWithProblemJson() throws IOException {
		String answer = exchange("GET /v2/rooms HTTP/1.1\r\nHost: evil.example.com\r\nConnection: close\r\n\r\n");

		assertThat(answer).startsWith("HTTP/1.1 421")
			.containsIgnoringCase("Content-Type: application/problem+json")
			.contains("\"code\":\"unknown_host\"");
		assertNothingForwarded();
	}

	@Test
	void refusesARequestWithTwoHostsWith400() throws IOException {
		String answer = exchange(
				"GET /v1/rooms HTTP/1.1\r\nHost: api.example.com\r\nHost: evil.example.com\r\nConnection: close\r\n\r\n");

		assertThat(answer).startsWith("HTTP/1.1 400");
		assertNothingForwarded();
	}

	@Test
	void ignoresAnUntrustedClientsForwardedHostAndSendsItsCheckedHostInstead() throws IOException {
		String answer = exchange(
				"GET /v1/rooms HTTP/1.1\r\nHost: api.example.com\r\nX-Forwarded-Host: evil.example.com\r\n"
						+ "Connection: close\r\n\r\n");

		assertThat(answer).startsWith("HTTP/1.1 200");
		assertThat(onlyRequestTo(legacy).getHeader("X-Forwarded-Host")).isEqualTo("api.example.com");
	}

	private static LoggedRequest onlyRequestTo(WireMockServer upstream) {
		List<LoggedRequest> requests = upstream.findAll(anyRequestedFor(anyUrl()));
		assertThat(requests).hasSize(1);
		return requests.get(0);
	}

	private void assertNothingForwarded() {
		assertThat(falcon.findAll(anyRequestedFor(anyUrl()))).isEmpty();
		assertThat(legacy.findAll(anyRequestedFor(anyUrl()))).isEmpty();
	}

	/**
	 * Sends the bytes as they are and reads the answer until the gateway closes (every
	 * request says close).
	 */
	private String exchange(String request) throws IOException {
		try (Socket socket = new Socket("localhost", port)) {
			socket.setSoTimeout(20_000);
			OutputStream out = socket.getOutputStream();
			out.write(request.getBytes(StandardCharsets.ISO_8859_1));
			out.flush();
			StringBuilder answer = new StringBuilder();
			InputStream in = socket.getInputStream();
			byte[] buffer = new byte[4096];
			while (true) {
				int read;
				try {
					read = in.read(buffer);
				}
				catch (SocketTimeoutException quiet) {
					break;
				}
				if (read < 0) {
					break;
				}
				answer.append(new String(buffer, 0, read, StandardCharsets.ISO_8859_1));
			}
			return answer.toString();
		}
	}

}
