package io.aclgateway.routing.resilience;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.WireMockServer;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;

import io.aclgateway.testing.GatewayIntegrationTest;
import io.aclgateway.testing.RawHttp;
import io.aclgateway.testing.StandIns;
import io.aclgateway.testing.StandIns.Upstream;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A GET, HEAD or OPTIONS is retried only without a body: the body is streamed, not kept,
 * so a retry could not send it again (it would go with its length and no bytes, or not at
 * all).
 */
@GatewayIntegrationTest(upstreams = Upstream.LEGACY)
class RetriesWithABodyIntegrationTests {

	@LocalServerPort
	int port;

	private final WireMockServer legacy;

	RetriesWithABodyIntegrationTests(StandIns standIns) {
		this.legacy = standIns.legacy();
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
