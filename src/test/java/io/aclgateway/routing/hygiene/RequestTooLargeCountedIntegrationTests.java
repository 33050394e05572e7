package io.aclgateway.routing.hygiene;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.github.tomakehurst.wiremock.WireMockServer;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.aclgateway.testing.GatewayIntegrationTest;
import io.aclgateway.testing.RawHttp;
import io.aclgateway.testing.StandIns.Upstream;
import io.aclgateway.testing.StandIns;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * operations.md, Metrics: every answer the gateway writes itself for a proxied request is
 * counted in {@code acl_upstream_errors_total{target, code}}, the 413s too, whether the
 * body declared its length or grew over the limit while it was forwarded; every code is
 * there from the start, at 0.
 */
@GatewayIntegrationTest(upstreams = Upstream.LEGACY, properties = "acl.legacy.max-request-size=64KB")
class RequestTooLargeCountedIntegrationTests {

	/** How long a raw exchange waits for more of an answer before taking what it has. */
	private static final Duration QUIET = Duration.ofSeconds(3);

	@LocalServerPort
	int port;

	@LocalManagementPort
	int managementPort;

	private final WireMockServer legacy;

	RequestTooLargeCountedIntegrationTests(StandIns standIns) {
		this.legacy = standIns.legacy();
	}

	@Test
	void countsEachRequestTooLargeAnswerAndStartsEveryCodeAtZero() throws Exception {
		legacy.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("legacy")));
		assertThat(metrics()).contains(counter("legacy", "request_too_large") + " 0.0")
			.contains(counter("falcon", "request_too_large") + " 0.0")
			.contains(counter("legacy", "unknown_host") + " 0.0");

		String declared = RawHttp.exchange(port,
				"POST /upload/file HTTP/1.1\r\nHost: x\r\nContent-Length: 70000\r\n\r\n", QUIET);
		StringBuilder chunked = new StringBuilder(
				"POST /upload/file HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n");
		String chunk = "b".repeat(8192);
		for (int i = 0; i < 10; i++) {
			chunked.append(Integer.toHexString(chunk.length())).append("\r\n").append(chunk).append("\r\n");
		}
		chunked.append("0\r\n\r\n");
		String grown = RawHttp.exchange(port, chunked.toString(), QUIET);

		assertThat(declared).startsWith("HTTP/1.1 413");
		assertThat(grown).startsWith("HTTP/1.1 413");
		assertThat(metrics()).contains(counter("legacy", "request_too_large") + " 2.0")
			.contains(counter("falcon", "request_too_large") + " 0.0");
	}

	private static String counter(String target, String code) {
		return "acl_upstream_errors_total{application=\"acl-gateway\",code=\"" + code + "\",target=\"" + target + "\"}";
	}

	private String metrics() throws Exception {
		return HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + managementPort + "/actuator/prometheus"))
				.build(), HttpResponse.BodyHandlers.ofString())
			.body();
	}

}
