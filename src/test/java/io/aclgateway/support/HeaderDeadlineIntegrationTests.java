package io.aclgateway.support;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.github.tomakehurst.wiremock.WireMockServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.aclgateway.testing.GatewayIntegrationTest;
import io.aclgateway.testing.StandIns;
import io.aclgateway.testing.StandIns.Upstream;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A request head must be whole within {@code acl.server.header-timeout} of its first byte
 * (nginx's {@code client_header_timeout}), on both ports and for every request of a
 * kept-alive connection: a client trickling its headers just inside every read timeout no
 * longer holds a connection.
 */
@GatewayIntegrationTest(upstreams = Upstream.LEGACY, properties = "acl.server.header-timeout=2s")
class HeaderDeadlineIntegrationTests {

	/**
	 * About 60 bytes, one every 100 ms: 6 s, three times the deadline, each pause far
	 * inside the read timeout.
	 */
	static final String HEAD = "GET /rooms HTTP/1.1\r\nHost: x\r\nUser-Agent: trickle/1.0\r\nAccept: */*\r\n\r\n";

	@LocalServerPort
	int port;

	@LocalManagementPort
	int managementPort;

	private final WireMockServer legacy;

	HeaderDeadlineIntegrationTests(StandIns standIns) {
		this.legacy = standIns.legacy();
	}

	@BeforeEach
	void stubs() {
		legacy.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("legacy")));
	}

	@Test
	void aHeadTrickledPastTheDeadlineIsAnswered408AndTheConnectionClosed() throws Exception {
		double before = timeoutsCounted();
		try (Socket socket = socket(port)) {
			long start = System.nanoTime();
			trickle(socket, HEAD, Duration.ofMillis(100));
			String answer = EarlyAnswerIntegrationTests.readAnswer(socket.getInputStream());

			assertThat(answer).startsWith("HTTP/1.1 408")
				.containsIgnoringCase("connection: close")
				.containsIgnoringCase("content-type: application/json")
				.contains("{\"status\":{\"success\":false,\"code\":\"request_timeout\",");
			assertClosed(socket);
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
		}
		legacy.verify(0, anyRequestedFor(anyUrl()));
		assertThat(timeoutsCounted()).isGreaterThan(before);
		assertThat(timeoutsCounted()).isPositive();
	}

	@Test
	void aSlowHeadWholeWithinTheDeadlineIsServed() throws Exception {
		try (Socket socket = socket(port)) {
			trickle(socket, HEAD, Duration.ofMillis(10));

			assertThat(EarlyAnswerIntegrationTests.readAnswer(socket.getInputStream())).startsWith("HTTP/1.1 200")
				.contains("legacy");
		}
	}

	@Test
	void eachRequestOfAKeptAliveConnectionHasADeadlineOfItsOwn() throws Exception {
		try (Socket socket = socket(port)) {
			socket.getOutputStream().write(HEAD.getBytes(StandardCharsets.US_ASCII));
			assertThat(EarlyAnswerIntegrationTests.readAnswer(socket.getInputStream())).startsWith("HTTP/1.1 200");
			// Idle longer than the deadline: the time between requests is the idle
			// timeout's, not this one's.
			Thread.sleep(2500);
			trickle(socket, HEAD, Duration.ofMillis(10));
			assertThat(EarlyAnswerIntegrationTests.readAnswer(socket.getInputStream())).startsWith("HTTP/1.1 200");

			trickle(socket, HEAD, Duration.ofMillis(100));
			assertThat(EarlyAnswerIntegrationTests.readAnswer(socket.getInputStream())).startsWith("HTTP/1.1 408")
				.contains("\"code\":\"request_timeout\"");
			assertClosed(socket);
		}
		legacy.verify(2, anyRequestedFor(anyUrl()));
	}

	@Test
	void aHeadTrickledBehindARequestStillBeingAnsweredGetsIts408AfterThatAnswer() throws Exception {
		legacy.stubFor(any(urlPathEqualTo("/slow"))
			.willReturn(aResponse().withStatus(200).withBody("slow").withFixedDelay(3000)));
		try (Socket socket = socket(port)) {
			socket.getOutputStream().write("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
			trickle(socket, HEAD, Duration.ofMillis(100));
			String answers = readAll(socket);

			assertThat(answers).startsWith("HTTP/1.1 200").contains("slow");
			assertThat(answers.substring(answers.indexOf("slow"))).contains("HTTP/1.1 408")
				.contains("\"code\":\"request_timeout\"");
		}
		legacy.verify(1, anyRequestedFor(anyUrl()));
	}

	@Test
	void theManagementPortHoldsHeadsToTheSameDeadlineAndAnswersInProblemJson() throws Exception {
		try (Socket socket = socket(managementPort)) {
			trickle(socket, "GET /actuator/health HTTP/1.1\r\nHost: x\r\nUser-Agent: trickle/1.0\r\n\r\n",
					Duration.ofMillis(100));

			assertThat(EarlyAnswerIntegrationTests.readAnswer(socket.getInputStream())).startsWith("HTTP/1.1 408")
				.containsIgnoringCase("content-type: application/problem+json")
				.contains("\"code\":\"request_timeout\"");
		}
	}

	/**
	 * The gateway closed: an end of stream, or a reset when a trickled byte crossed its
	 * close.
	 */
	private static void assertClosed(Socket socket) {
		int read;
		try {
			read = socket.getInputStream().read();
		}
		catch (SocketException reset) {
			read = -1;
		}
		catch (IOException ex) {
			throw new AssertionError("the connection is still open", ex);
		}
		assertThat(read).as("the connection is closed").isEqualTo(-1);
	}

	/** Everything the gateway sends until it closes the connection. */
	private static String readAll(Socket socket) throws IOException {
		StringBuilder all = new StringBuilder();
		byte[] buffer = new byte[8192];
		try {
			for (int read; (read = socket.getInputStream().read(buffer)) >= 0;) {
				all.append(new String(buffer, 0, read, StandardCharsets.ISO_8859_1));
			}
		}
		catch (SocketException reset) {
			// Closed with a trickled byte on its way: what was read is the answer.
		}
		return all.toString();
	}

	private static Socket socket(int port) throws IOException {
		Socket socket = new Socket("localhost", port);
		socket.setSoTimeout(10_000);
		socket.setTcpNoDelay(true);
		return socket;
	}

	/**
	 * Writes the head one byte at a time; stops once the gateway has answered, since
	 * writing on to a connection it closed would have its answer lost to a reset.
	 */
	private static void trickle(Socket socket, String head, Duration pause) throws InterruptedException {
		try {
			OutputStream out = socket.getOutputStream();
			for (byte b : head.getBytes(StandardCharsets.US_ASCII)) {
				if (socket.getInputStream().available() > 0) {
					return;
				}
				out.write(b);
				out.flush();
				Thread.sleep(pause.toMillis());
			}
		}
		catch (IOException closed) {
			// The gateway answered and closed before the head was whole.
		}
	}

	private double timeoutsCounted() throws Exception {
		String metrics = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + managementPort + "/actuator/prometheus"))
				.build(), HttpResponse.BodyHandlers.ofString())
			.body();
		Matcher counted = Pattern.compile(
				"acl_upstream_errors_total\\{application=\"acl-gateway\",code=\"request_timeout\",target=\"legacy\"} (\\S+)")
			.matcher(metrics);
		assertThat(counted.find()).as("request_timeout counted from start-up").isTrue();
		return Double.parseDouble(counted.group(1));
	}

}
