package io.aclgateway.routing.gateway;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.aclgateway.testing.GatewayProperties;
import io.aclgateway.testing.RawHttp;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * operations.md, Metrics: every answer the gateway writes itself for a proxied request is counted
 * in {@code acl_upstream_errors_total{target, code}}, the 413s too, whether the body declared its
 * length or grew over the limit while it was forwarded; every code is there from the start, at 0.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "management.server.port=0", "acl.legacy.max-request-size=64KB" })
class RequestTooLargeCountedIntegrationTests {

	@RegisterExtension
	static WireMockExtension legacy = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

	@TempDir
	static Path config;

	/** How long a raw exchange waits for more of an answer before taking what it has. */
	private static final Duration QUIET = Duration.ofSeconds(3);

	@LocalServerPort
	int port;

	@LocalManagementPort
	int managementPort;

	@DynamicPropertySource
	static void gateway(DynamicPropertyRegistry registry) {
		GatewayProperties.routing(registry, config, "default: legacy\n", GatewayProperties.NOWHERE, legacy.baseUrl());
	}

	@Test
	void countsEachRequestTooLargeAnswerAndStartsEveryCodeAtZero() throws Exception {
		legacy.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("legacy")));
		assertThat(metrics()).contains(counter("legacy", "request_too_large") + " 0.0")
			.contains(counter("falcon", "request_too_large") + " 0.0")
			.contains(counter("legacy", "unknown_host") + " 0.0");

		String declared = RawHttp.exchange(port, "POST /upload/file HTTP/1.1\r\nHost: x\r\nContent-Length: 70000\r\n\r\n", QUIET);
		StringBuilder chunked = new StringBuilder("POST /upload/file HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n");
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
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + managementPort + "/actuator/prometheus")).build(),
					HttpResponse.BodyHandlers.ofString())
			.body();
	}

}
