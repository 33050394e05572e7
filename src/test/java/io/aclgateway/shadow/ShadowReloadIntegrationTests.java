package io.aclgateway.shadow;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

import io.aclgateway.routing.reload.LiveRoutingRules;
import io.aclgateway.testing.GatewayIntegrationTest;
import io.aclgateway.testing.StandIns;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Shadow rules reload live with the routing file (issue 14): the proxy copies reads from
 * the moment a shadow section is in force, and stops when it is gone.
 */
@Import(RecordingShadowResults.class)
@GatewayIntegrationTest(routing = "default: legacy\n")
class ShadowReloadIntegrationTests {

	private static final String SHADOWING = """
			default: legacy
			shadow:
			  percent: 100
			  rules:
			    - name: rooms
			      paths: ["/v1/rooms/**"]
			""";

	@LocalServerPort
	int port;

	@Autowired
	LiveRoutingRules live;

	@Autowired
	RecordedShadowResults recorded;

	private final HttpClient http = HttpClient.newHttpClient();

	@Test
	void theProxyCopiesReadsFromTheMomentAShadowSectionIsInForceAndStopsWhenItIsGone(StandIns standIns)
			throws Exception {
		standIns.legacy().stubFor(get(anyUrl()).willReturn(aResponse().withStatus(200).withBody("{\"id\":1}")));
		standIns.falcon().stubFor(get(anyUrl()).willReturn(aResponse().withStatus(200).withBody("{\"id\":1}")));

		read("/v1/rooms/1");
		Files.writeString(standIns.routingFile(), SHADOWING);
		await().atMost(Duration.ofSeconds(10)).until(() -> !live.snapshot().rules().shadow().rules().isEmpty());
		read("/v1/rooms/2");
		await().atMost(Duration.ofSeconds(5)).until(() -> !recorded.forPath("/v1/rooms/2").isEmpty());

		Files.writeString(standIns.routingFile(), "default: legacy\n");
		await().atMost(Duration.ofSeconds(10)).until(() -> live.snapshot().rules().shadow().rules().isEmpty());
		read("/v1/rooms/3");
		// Give a wrongly started copy the time to arrive.
		Thread.sleep(500);

		assertThat(standIns.falcon().findAll(getRequestedFor(urlPathEqualTo("/v1/rooms/1")))).isEmpty();
		assertThat(standIns.falcon().findAll(getRequestedFor(urlPathEqualTo("/v1/rooms/2")))).hasSize(1);
		assertThat(standIns.falcon().findAll(getRequestedFor(urlPathEqualTo("/v1/rooms/3")))).isEmpty();
		assertThat(recorded.forPath("/v1/rooms/1")).isEmpty();
		assertThat(recorded.forPath("/v1/rooms/3")).isEmpty();
	}

	private void read(String path) throws Exception {
		HttpResponse<String> answer = http.send(
				HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET().build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(answer.statusCode()).isEqualTo(200);
		assertThat(answer.body()).isEqualTo("{\"id\":1}");
	}

}
