package io.aclgateway.routing.hygiene;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.aclgateway.testing.GatewayIntegrationTest;
import io.aclgateway.testing.StandIns.Upstream;
import io.aclgateway.testing.StandIns;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * With {@code acl.forwarding.headers-with-underscores=reject}, such a request is refused
 * in dialect.
 */
@GatewayIntegrationTest(upstreams = Upstream.LEGACY, properties = "acl.forwarding.headers-with-underscores=reject")
class UnderscoreHeadersRejectedIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	MeterRegistry meters;

	private final WireMockServer legacy;

	UnderscoreHeadersRejectedIntegrationTests(StandIns standIns) {
		this.legacy = standIns.legacy();
	}

	@Test
	void aHeaderNameWithAnUnderscoreIsRefused400InTheLegacyEnvelope() throws Exception {
		legacy.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("legacy")));

		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/rooms"))
				.header("X_Forwarded_For", "6.6.6.6")
				.build(), HttpResponse.BodyHandlers.ofString());

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.body()).contains("\"code\":\"invalid_header\"").contains("\"success\":false");
		assertThat(legacy.findAll(anyRequestedFor(anyUrl()))).isEmpty();
		assertThat(meters.get("acl.upstream.errors")
			.tag("target", "legacy")
			.tag("code", "invalid_header")
			.counter()
			.count()).isEqualTo(1.0);
	}

}
