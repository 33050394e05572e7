package io.aclgateway.routing.gateway;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.aclgateway.testing.GatewayProperties;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

/** With {@code acl.forwarding.headers-with-underscores=reject}, such a request is refused in dialect. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "management.server.port=0", "acl.forwarding.headers-with-underscores=reject" })
class UnderscoreHeadersRejectedIntegrationTests {

	@RegisterExtension
	static WireMockExtension legacy = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

	@TempDir
	static Path config;

	@LocalServerPort
	int port;

	@Autowired
	MeterRegistry meters;

	@DynamicPropertySource
	static void gateway(DynamicPropertyRegistry registry) {
		GatewayProperties.routing(registry, config, "default: legacy\n", GatewayProperties.NOWHERE, legacy.baseUrl());
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
		assertThat(meters.get("acl.upstream.errors").tag("target", "legacy").tag("code", "invalid_header").counter()
			.count()).isEqualTo(1.0);
	}

}
