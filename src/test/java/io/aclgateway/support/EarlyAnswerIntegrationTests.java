package io.aclgateway.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.github.tomakehurst.wiremock.WireMockServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.test.web.server.LocalServerPort;

import io.aclgateway.testing.GatewayIntegrationTest;
import io.aclgateway.testing.SignedEvents;
import io.aclgateway.testing.StandIns.Upstream;
import io.aclgateway.testing.StandIns;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Answers the gateway gives before it has read a request's body (413 over a limit) reach
 * clients that keep sending, as plain HTTP clients do (Python's urllib writes the whole
 * body, then reads): the rest of the body is read and dropped, so the answer is never
 * lost to a connection reset.
 */
@GatewayIntegrationTest(upstreams = Upstream.LEGACY,
		properties = { "acl.events.max-request-bytes=1048576", "acl.legacy.max-request-size=1MB",
				"acl.server.lingering.size=16MB", "acl.events.signing-secrets=" + SignedEvents.SECRET })
class EarlyAnswerIntegrationTests {

	static final int CLIENTS = 50;

	static final Pattern CONTENT_LENGTH = Pattern.compile("(?i)content-length: *(\\d+)");

	/**
	 * Several times the limits, so that most of it is still on its way when the answer is
	 * written.
	 */
	static final int BODY = 6 * 1024 * 1024;

	@LocalServerPort
	int port;

	private final WireMockServer legacy;

	EarlyAnswerIntegrationTests(StandIns standIns) {
		this.legacy = standIns.legacy();
	}

	@BeforeEach
	void stubs() {
		legacy.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("legacy")));
	}

	@Test
	void everyClientThatSendsAnEventsBodyOverTheLimitReadsIts413() throws Exception {
		assertEveryClientReads413("POST /events HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: "
				+ SignedEvents.BATCH + "\r\nContent-Length: " + BODY + "\r\n\r\n", false, "application/problem+json");
	}

	@Test
	void everyClientThatSendsAChunkedEventsBodyOverTheLimitReadsIts413() throws Exception {
		assertEveryClientReads413("POST /events HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: "
				+ SignedEvents.BATCH + "\r\nTransfer-Encoding: chunked\r\n\r\n", true, "application/problem+json");
	}

	@Test
	void everyClientThatSendsAProxiedBodyOverTheLimitReadsIts413() throws Exception {
		assertEveryClientReads413(
				"POST /upload HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: " + BODY + "\r\n\r\n", false,
				"application/json");
	}

	@Test
	void everyClientThatSendsAChunkedProxiedBodyOverTheLimitReadsIts413() throws Exception {
		assertEveryClientReads413(
				"POST /upload HTTP/1.1\r\nHost: x\r\nConnection: close\r\nTransfer-Encoding: chunked\r\n\r\n", true,
				"application/json");
	}

	@ParameterizedTest
	@ValueSource(strings = { "/events", "/upload" })
	void anOversizedRequestThatExpects100ContinueIsAnswered413Instead(String path) throws IOException {
		try (Socket socket = new Socket("localhost", port)) {
			socket.setSoTimeout(10_000);
			socket.getOutputStream()
				.write(("POST " + path + " HTTP/1.1\r\nHost: x\r\nContent-Type: " + SignedEvents.BATCH
						+ "\r\nExpect: 100-continue\r\nContent-Length: " + BODY + "\r\n\r\n")
					.getBytes(StandardCharsets.US_ASCII));

			assertThat(readAnswer(socket.getInputStream())).startsWith("HTTP/1.1 413")
				.contains("\"code\":\"request_too_large\"");
		}
	}

	@Test
	void anAnswerGivenBeforeTheBodySaysConnectionCloseAndTheNextRequestGoesOnANewConnection() throws IOException {
		try (Socket socket = new Socket("localhost", port)) {
			socket.setSoTimeout(10_000);
			OutputStream out = socket.getOutputStream();
			out.write(("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: " + (2 * 1024 * 1024) + "\r\n\r\n")
				.getBytes(StandardCharsets.US_ASCII));
			out.write(new byte[2 * 1024 * 1024]);
			String answer = readAnswer(socket.getInputStream());
			assertThat(answer).startsWith("HTTP/1.1 413").containsIgnoringCase("connection: close");
			// The gateway ends the connection once the rest of the body has been read and
			// dropped.
			assertThat(socket.getInputStream().read()).isEqualTo(-1);
		}
		try (Socket socket = new Socket("localhost", port)) {
			socket.setSoTimeout(10_000);
			socket.getOutputStream()
				.write("GET /rooms HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
			assertThat(readAnswer(socket.getInputStream())).startsWith("HTTP/1.1 200").contains("legacy");
		}
	}

	@Test
	void aClientThatStopsSendingTheBodyOnceAnsweredIsNeverServedItsNextRequestAsThatBody() throws Exception {
		// The JDK's client stops sending a body once it has an answer: on a kept-alive
		// connection its
		// next request would have been read as the rest of the refused body.
		java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
		for (int i = 0; i < 20; i++) {
			java.net.http.HttpResponse<String> refused = http
				.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + port + "/upload"))
					.timeout(java.time.Duration.ofSeconds(20))
					.POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(new byte[2 * 1024 * 1024]))
					.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
			assertThat(refused.statusCode()).isEqualTo(413);
			assertThat(refused.headers().firstValue("connection")).hasValue("close");
			java.net.http.HttpResponse<String> next = http
				.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + port + "/rooms"))
					.timeout(java.time.Duration.ofSeconds(20))
					.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
			assertThat(next.statusCode()).isEqualTo(200);
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "keep-alive", "close" })
	void aClientThatKeepsSendingAfterTheAnswerIsCutOffAtTheBound(String connection) throws IOException {
		long sent = 0;
		try (Socket socket = new Socket("localhost", port)) {
			socket.setSoTimeout(10_000);
			OutputStream out = socket.getOutputStream();
			byte[] block = new byte[64 * 1024];
			try {
				out.write(("POST /events HTTP/1.1\r\nHost: x\r\nConnection: " + connection + "\r\nContent-Type: "
						+ SignedEvents.BATCH + "\r\nTransfer-Encoding: chunked\r\n\r\n")
					.getBytes(StandardCharsets.US_ASCII));
				// Far past the 16 MB bound, and never the last chunk.
				while (sent < 512L * 1024 * 1024) {
					out.write((Integer.toHexString(block.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
					out.write(block);
					out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
					sent += block.length;
				}
			}
			catch (IOException cutOff) {
				// What the bound is for.
			}
		}
		assertThat(sent).as("bytes the gateway let the client send after its answer").isLessThan(64L * 1024 * 1024);
	}

	private void assertEveryClientReads413(String head, boolean chunked, String contentType) throws Exception {
		ExecutorService clients = Executors.newFixedThreadPool(8);
		try {
			List<Future<String>> answers = new ArrayList<>();
			for (int i = 0; i < CLIENTS; i++) {
				answers.add(clients.submit(eagerClient(head, chunked)));
			}
			for (Future<String> answer : answers) {
				assertThat(answer.get(60, TimeUnit.SECONDS)).startsWith("HTTP/1.1 413")
					.containsIgnoringCase("content-type: " + contentType)
					.contains("\"code\":\"request_too_large\"");
			}
		}
		finally {
			clients.shutdownNow();
		}
	}

	/**
	 * Writes the whole request without waiting for any answer, then reads the answer:
	 * what urllib does.
	 */
	private Callable<String> eagerClient(String head, boolean chunked) {
		return () -> {
			try (Socket socket = new Socket("localhost", port)) {
				socket.setSoTimeout(30_000);
				OutputStream out = socket.getOutputStream();
				try {
					out.write(head.getBytes(StandardCharsets.US_ASCII));
					byte[] block = new byte[64 * 1024];
					Arrays.fill(block, (byte) 'a');
					for (int sent = 0; sent < BODY; sent += block.length) {
						if (chunked) {
							out.write((Integer.toHexString(block.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
						}
						out.write(block);
						if (chunked) {
							out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
						}
					}
					if (chunked) {
						out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
					}
					out.flush();
				}
				catch (IOException ex) {
					return "write failed: " + ex + " then read: " + readAnswer(socket.getInputStream());
				}
				return readAnswer(socket.getInputStream());
			}
		};
	}

	/**
	 * One response: status line, headers and as many body bytes as Content-Length says.
	 */
	static String readAnswer(InputStream in) {
		ByteArrayOutputStream seen = new ByteArrayOutputStream();
		try {
			byte[] buffer = new byte[8192];
			while (true) {
				String text = seen.toString(StandardCharsets.ISO_8859_1);
				int end = text.indexOf("\r\n\r\n");
				if (end >= 0) {
					Matcher length = CONTENT_LENGTH.matcher(text.substring(0, end));
					if (length.find() && text.length() >= end + 4 + Integer.parseInt(length.group(1))) {
						return text;
					}
					if (text.substring(0, end).toLowerCase(Locale.ROOT).contains("transfer-encoding: chunked")
							&& text.endsWith("\r\n0\r\n\r\n")) {
						return text;
					}
				}
				int read = in.read(buffer);
				if (read < 0) {
					return text;
				}
				seen.write(buffer, 0, read);
			}
		}
		catch (IOException ex) {
			return "read failed after '" + seen.toString(StandardCharsets.ISO_8859_1) + "': " + ex;
		}
	}

}
