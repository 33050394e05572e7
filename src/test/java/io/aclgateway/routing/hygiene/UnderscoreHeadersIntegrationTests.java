package io.aclgateway.routing.hygiene;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.aclgateway.testing.GatewayIntegrationTest;
import io.aclgateway.testing.RawHttp;
import io.aclgateway.testing.StandIns.Upstream;
import io.aclgateway.testing.StandIns;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A header name with an underscore never reaches legacy, where PHP would read
 * {@code X_Forwarded_For} as the {@code X-Forwarded-For} the gateway vouches for; each
 * drop is counted.
 */
@GatewayIntegrationTest(upstreams = Upstream.LEGACY)
class UnderscoreHeadersIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	MeterRegistry meters;

	private final WireMockServer legacy;

	UnderscoreHeadersIntegrationTests(StandIns standIns) {
		this.legacy = standIns.legacy();
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

	/**
	 * Netty's header map lists one name in each case it was sent in: the name is still
	 * one header, dropped in every case and counted once.
	 */
	@Test
	void oneNameSentInTwoCasesIsDroppedInBothAndCountedOnce() throws Exception {
		double before = dropped();

		String answer = RawHttp.exchange(port, "GET /rooms HTTP/1.1\r\nHost: localhost\r\nX-App-Platform: android\r\n"
				+ "X_Token: a\r\nx_token: b\r\nConnection: close\r\n\r\n");

		assertThat(answer).startsWith("HTTP/1.1 200");
		LoggedRequest forwarded = legacy.findAll(anyRequestedFor(anyUrl())).get(0);
		assertThat(forwarded.getAllHeaderKeys()).noneMatch(name -> name.contains("_"));
		assertThat(dropped() - before).isEqualTo(1.0);
	}

	private double dropped() {
		var counter = meters.find("acl.dropped.headers").tag("target", "legacy").tag("platform", "android").counter();
		return (counter != null) ? counter.count() : 0;
	}

}
