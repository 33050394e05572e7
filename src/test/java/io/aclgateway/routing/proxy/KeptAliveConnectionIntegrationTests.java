package io.aclgateway.routing.proxy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.github.tomakehurst.wiremock.WireMockServer;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;

import io.aclgateway.testing.GatewayIntegrationTest;
import io.aclgateway.testing.StandIns;
import io.aclgateway.testing.StandIns.Upstream;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * A kept-alive client connection goes on being read whatever order its requests are
 * answered in. A request that arrives while the previous one is still being answered
 * waits in Reactor Netty's queue; when it is then answered at once (a refusal of the
 * gateway's own, a breaker open), Reactor Netty 1.3.6 stopped reading the connection and
 * the client's next request sat unread until it gave up (reactor/reactor-netty#4361,
 * fixed in 1.3.8). Seen in full runs as a JDK client's request hanging after a 502 and a
 * 503 on the same connection.
 */
@GatewayIntegrationTest(upstreams = Upstream.LEGACY)
class KeptAliveConnectionIntegrationTests {

	private static final Pattern CONTENT_LENGTH = Pattern.compile("(?im)^content-length: *(\\d+)\r$");

	@LocalServerPort
	int port;

	private final WireMockServer legacy;

	KeptAliveConnectionIntegrationTests(StandIns standIns) {
		this.legacy = standIns.legacy();
	}

	@Test
	void readsTheNextRequestAfterAQueuedRequestIsAnsweredAtOnce() throws Exception {
		legacy.stubFor(get(urlPathEqualTo("/v1/rooms"))
			.willReturn(aResponse().withStatus(200).withBody("rooms").withFixedDelay(300)));
		try (Socket socket = new Socket("localhost", port)) {
			socket.setSoTimeout(5_000);
			// The second request arrives while legacy takes its time over the first; the
			// gateway refuses it at once (its path has no single meaning).
			send(socket, request("/v1/rooms") + request("/v1/a%2fb"));
			String answers = read(socket, 2);
			assertThat(answers).startsWith("HTTP/1.1 200").contains("HTTP/1.1 400");

			send(socket, request("/v1/rooms"));

			assertThat(read(socket, 1)).startsWith("HTTP/1.1 200").contains("rooms");
		}
	}

	private static String request(String path) {
		return "GET " + path + " HTTP/1.1\r\nHost: localhost\r\nUser-Agent: ChatWorkAndroid/3.9.2\r\n\r\n";
	}

	private static void send(Socket socket, String requests) throws IOException {
		socket.getOutputStream().write(requests.getBytes(StandardCharsets.ISO_8859_1));
		socket.getOutputStream().flush();
	}

	/** Reads until {@code count} whole answers are in (sized or chunked). */
	private static String read(Socket socket, int count) throws IOException {
		ByteArrayOutputStream received = new ByteArrayOutputStream();
		InputStream in = socket.getInputStream();
		byte[] buffer = new byte[4096];
		while (whole(received.toString(StandardCharsets.ISO_8859_1)) < count) {
			int read;
			try {
				read = in.read(buffer);
			}
			catch (SocketTimeoutException unread) {
				return fail("the gateway left the connection unread for 5 s; received so far: %s",
						received.toString(StandardCharsets.ISO_8859_1));
			}
			if (read < 0) {
				return fail("the gateway closed the connection; received: %s",
						received.toString(StandardCharsets.ISO_8859_1));
			}
			received.write(buffer, 0, read);
		}
		return received.toString(StandardCharsets.ISO_8859_1);
	}

	private static int whole(String received) {
		int answers = 0;
		int at = 0;
		while (true) {
			int headEnd = received.indexOf("\r\n\r\n", at);
			if (headEnd < 0) {
				return answers;
			}
			String head = received.substring(at, headEnd + 2).toLowerCase(Locale.ROOT);
			Matcher length = CONTENT_LENGTH.matcher(head);
			int end;
			if (head.contains("transfer-encoding: chunked")) {
				// The last chunk: its size line 0 and the empty line after it.
				int last = received.indexOf("\r\n0\r\n\r\n", headEnd);
				if (last < 0) {
					return answers;
				}
				end = last + 7;
			}
			else {
				end = headEnd + 4 + (length.find() ? Integer.parseInt(length.group(1)) : 0);
				if (received.length() < end) {
					return answers;
				}
			}
			answers++;
			at = end;
		}
	}

}
