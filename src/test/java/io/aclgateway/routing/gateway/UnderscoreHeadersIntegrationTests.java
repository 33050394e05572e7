package io.aclgateway.routing.gateway;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeEach;
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

/**
 * A header name with an underscore never reaches legacy, where PHP would read {@code X_Forwarded_For}
 * as the {@code X-Forwarded-For} the gateway vouches for; each drop is counted.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "management.server.port=0")
class UnderscoreHeadersIntegrationTests {

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

	@BeforeEach
	void stubs() {
		legacy.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("legacy")));
		legacy.resetRequests();
	}

	@Test
	void aSpoofedForwardingHeaderWithUnderscoresNeverReachesLegacyAndIsCounted() throws Exception {
		double before = dropped();

		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/rooms"))
				.header("X_Forwarded_For", "6.6.6.6")
				.header("X-App-Platform", "android")
				.build(), HttpResponse.BodyHandlers.ofString());

		assertThat(response.statusCode()).isEqualTo(200);
		LoggedRequest forwarded = legacy.findAll(anyRequestedFor(anyUrl())).get(0);
		assertThat(forwarded.getAllHeaderKeys()).noneMatch(name -> name.contains("_"));
		assertThat(forwarded.getHeader("X-Forwarded-For")).doesNotContain("6.6.6.6");
		assertThat(dropped() - before).isEqualTo(1.0);
	}

	private double dropped() {
		var counter = meters.find("acl.dropped.headers").tag("target", "legacy").tag("platform", "android").counter();
		return (counter != null) ? counter.count() : 0;
	}

}
