package io.aclgateway.routing.hygiene;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

import com.github.tomakehurst.wiremock.WireMockServer;
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
 * Hostile input on the public port, written byte by byte on a raw socket: oversized
 * headers and request lines, bodies over the limit (declared or chunked), smuggling
 * shapes, ambiguous paths, a slowloris client and garbage. Never a 5xx from the gateway,
 * and no path without one meaning forwarded.
 */
@GatewayIntegrationTest(routing = """
		rules:
		  - name: uploads-stay-on-legacy
		    paths: ["/upload/**"]
		    target: legacy
		default: falcon
		""", properties = { "acl.server.read-timeout=1s", "server.netty.idle-timeout=1s",
		"acl.legacy.max-request-size=64KB" })
class HostileInputIntegrationTests {

	@LocalServerPort
	int port;

	private final WireMockServer falcon;

	private final WireMockServer legacy;

	HostileInputIntegrationTests(StandIns standIns) {
		this.falcon = standIns.falcon();
		this.legacy = standIns.legacy();
	}

	@BeforeEach
	void stubs() {
		falcon.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("falcon")));
		legacy.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("legacy")));
		falcon.resetRequests();
		legacy.resetRequests();
	}

	@Test
	void answers431ToHeadersOverTheLimit() throws IOException {
		String answer = exchange("GET /v1/rooms HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(20_000) + "\r\n\r\n");

		assertThat(answer).startsWith("HTTP/1.1 431");
		assertNothingForwarded();
	}

	@Test
	void answers414ToARequestLineOverTheLimit() throws IOException {
		String answer = exchange("GET /v1/" + "a".repeat(10_000) + " HTTP/1.1\r\nHost: x\r\n\r\n");

		assertThat(answer).startsWith("HTTP/1.1 414");
		assertNothingForwarded();
	}

	@Test
	void answers413InTheLegacyEnvelopeToADeclaredBodyOverTheLimitWithoutForwardingIt() throws IOException {
		String answer = exchange("POST /upload/file HTTP/1.1\r\nHost: x\r\nContent-Length: 70000\r\n\r\n");

		assertThat(answer).startsWith("HTTP/1.1 413")
			.contains("\"code\":\"request_too_large\"")
			.contains("\"success\":false");
		assertNothingForwarded();
	}

	@Test
	void answers413ToAChunkedBodyThatGrowsOverTheLimit() throws IOException {
		StringBuilder request = new StringBuilder(
				"POST /upload/file HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n");
		String chunk = "b".repeat(8192);
		for (int i = 0; i < 10; i++) {
			request.append(Integer.toHexString(chunk.length())).append("\r\n").append(chunk).append("\r\n");
		}
		request.append("0\r\n\r\n");

		String answer = exchange(request.toString());

		assertThat(answer).startsWith("HTTP/1.1 413").contains("\"code\":\"request_too_large\"");
		assertThat(legacy.findAll(anyRequestedFor(anyUrl()))).as("no complete request reached legacy").isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "/v1/..%2Fupload/file", "/v1/%2e%2e/upload/file", "/upload;x=1/file", "/v1/./rooms",
			"/v1/../upload/file", "/v1%2Fupload", "/v1\\upload", "/v1/%00/upload", "/v1%5cupload" })
	void refusesPathsWithoutOneMeaning(String path) throws IOException {
		String answer = exchange("GET " + path + " HTTP/1.1\r\nHost: x\r\n\r\n");

		assertThat(answer).startsWith("HTTP/1.1 400");
		assertNothingForwarded();
	}

	@ParameterizedTest
	@ValueSource(strings = { "//upload/file", "/%75pload/file", "/Upload/../upload/file" })
	void neverForwardsAnUploadToFalconHoweverThePathIsSpelled(String path) throws IOException {
		exchange("GET " + path + " HTTP/1.1\r\nHost: x\r\n\r\n");

		assertThat(falcon.findAll(anyRequestedFor(anyUrl()))).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = {
			"POST /v1/rooms HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n",
			"POST /v1/rooms HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 40\r\n\r\nhello",
			"GET /v1/rooms HTTP/1.1\r\nHost: x\r\nX-Name : value\r\n\r\n",
			"GET /v1/rooms HTTP/1.1\r\nHost: x\r\nX-Bad\u0001Name: value\r\n\r\n" })
	void refusesRequestSmugglingShapes(String request) throws IOException {
		String answer = exchange(request);

		assertThat(answer).doesNotContain("/smuggled");
		assertThat(answer).startsWith("HTTP/1.1 400");
		assertThat(falcon.findAll(anyRequestedFor(anyUrl())))
			.noneMatch(forwarded -> forwarded.getUrl().contains("smuggled"));
	}

	@Test
	void closesTheConnectionOfAClientThatSendsTooSlowly() throws Exception {
		try (Socket socket = new Socket("localhost", port)) {
			socket.setSoTimeout(10_000);
			OutputStream out = socket.getOutputStream();
			out.write("GET /v1/rooms HTTP/1.1\r\nHost: x\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
			out.flush();
			Thread.sleep(2_500);

			int read;
			try {
				read = socket.getInputStream().read();
			}
			catch (SocketTimeoutException ex) {
				read = -2;
			}
			catch (IOException reset) {
				read = -1;
			}
			assertThat(read).as("the gateway closed the connection").isEqualTo(-1);
		}
		assertNothingForwarded();
	}

	@Test
	void answersGarbageWith400AndNever5xx() throws IOException {
		byte[] garbage = new byte[512];
		new java.util.Random(42).nextBytes(garbage);
		String answer;
		try (Socket socket = new Socket("localhost", port)) {
			socket.setSoTimeout(5_000);
			socket.getOutputStream().write(garbage);
			socket.getOutputStream().write("\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
			answer = readAll(socket.getInputStream());
		}

		assertThat(answer).satisfiesAnyOf(a -> assertThat(a).startsWith("HTTP/1.1 400"), a -> assertThat(a).isEmpty());
		assertNothingForwarded();
	}

	private void assertNothingForwarded() {
		assertThat(falcon.findAll(anyRequestedFor(anyUrl()))).isEmpty();
		assertThat(legacy.findAll(anyRequestedFor(anyUrl()))).isEmpty();
	}

	/**
	 * Sends the bytes as they are and reads what comes back until the gateway closes or
	 * goes quiet.
	 */
	private String exchange(String request) throws IOException {
		try (Socket socket = new Socket("localhost", port)) {
			socket.setSoTimeout(3_000);
			try {
				OutputStream out = socket.getOutputStream();
				out.write(request.getBytes(StandardCharsets.ISO_8859_1));
				out.flush();
			}
			catch (IOException closedEarly) {
				// The gateway may answer and close before it has read everything.
			}
			return readAll(socket.getInputStream());
		}
	}

	private static String readAll(InputStream in) throws IOException {
		StringBuilder answer = new StringBuilder();
		byte[] buffer = new byte[4096];
		while (true) {
			int read;
			try {
				read = in.read(buffer);
			}
			catch (SocketTimeoutException | java.net.SocketException quietOrReset) {
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
