package io.aclgateway.routing.gateway;

import java.nio.file.Path;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.aclgateway.testing.GatewayProperties;
import io.aclgateway.testing.RawHttp;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A GET, HEAD or OPTIONS is retried only without a body: the body is streamed, not kept,
 * so a retry could not send it again (it would go with its length and no bytes, or not at
 * all).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "management.server.port=0")
class RetriesWithABodyIntegrationTests {

	@RegisterExtension
	static WireMockExtension legacy = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

	@TempDir
	static Path config;

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void gateway(DynamicPropertyRegistry registry) {
		GatewayProperties.routing(registry, config, "default: legacy\n", GatewayProperties.NOWHERE, legacy.baseUrl());
	}

	@Test
	void neverRetriesAGetWithALengthBody() throws Exception {
		legacy.stubFor(
				any(urlPathEqualTo("/v1/search")).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

		String answer = RawHttp.exchange(port,
				"GET /v1/search HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: 13\r\n\r\n{\"q\":\"hello\"}");

		assertThat(answer).startsWith("HTTP/1.1 502");
		assertThat(legacy.findAll(anyRequestedFor(urlPathEqualTo("/v1/search")))).hasSize(1);
	}

	@Test
	void neverRetriesAGetWithAChunkedBody() throws Exception {
		legacy
			.stubFor(any(urlPathEqualTo("/v1/find")).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

		String answer = RawHttp.exchange(port, "GET /v1/find HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
				+ "Transfer-Encoding: chunked\r\n\r\nd\r\n{\"q\":\"hello\"}\r\n0\r\n\r\n");

		assertThat(answer).startsWith("HTTP/1.1 502");
		assertThat(legacy.findAll(anyRequestedFor(urlPathEqualTo("/v1/find")))).hasSize(1);
	}

	@Test
	void stillRetriesAGetWithoutABody() throws Exception {
		legacy.stubFor(
				any(urlPathEqualTo("/v1/rooms")).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

		String answer = RawHttp.exchange(port, "GET /v1/rooms HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");

		assertThat(answer).startsWith("HTTP/1.1 502");
		assertThat(legacy.findAll(anyRequestedFor(urlPathEqualTo("/v1/rooms"))).size()).isGreaterThan(1);
	}

}
