package io.aclgateway.routing.proxy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import com.github.tomakehurst.wiremock.WireMockServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.aclgateway.testing.GatewayIntegrationTest;
import io.aclgateway.testing.StandIns;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The two ports of operations.md: clients only on the public one, read-only operations on
 * the other.
 */
@GatewayIntegrationTest
class PortsIntegrationTests {

	@LocalServerPort
	int port;

	@LocalManagementPort
	int managementPort;

	private final HttpClient http = HttpClient.newHttpClient();

	private final WireMockServer legacy;

	PortsIntegrationTests(StandIns standIns) {
		this.legacy = standIns.legacy();
	}

	@ParameterizedTest
	@ValueSource(
			strings = { "/actuator/health", "/actuator/prometheus", "/actuator/routing", "/actuator/gateway/routes" })
	void thePublicPortForwardsActuatorPathsToTheBackendInsteadOfAnsweringThem(String path) throws Exception {
		legacy.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(404).withBody("legacy has no such page")));

		HttpResponse<String> response = get(port, path);

		assertThat(response.body()).isEqualTo("legacy has no such page");
	}

	@ParameterizedTest
	@ValueSource(strings = { "/actuator/health/liveness", "/actuator/health/readiness", "/actuator/prometheus",
			"/actuator/info", "/actuator/routing" })
	void theManagementPortServesHealthMetricsAndTheRoutingView(String path) throws Exception {
		assertThat(get(managementPort, path).statusCode()).isEqualTo(200);
	}

	@ParameterizedTest
	@ValueSource(strings = { "/actuator/gateway/routes", "/actuator/env", "/actuator/configprops", "/actuator/beans",
			"/actuator/refresh", "/actuator/loggers", "/actuator/heapdump" })
	void theManagementPortOffersNothingThatReadsOrChangesRoutesOrConfiguration(String path) throws Exception {
		assertThat(get(managementPort, path).statusCode()).isEqualTo(404);
		HttpResponse<String> post = http
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + managementPort + path))
				.POST(HttpRequest.BodyPublishers.ofString("{}"))
				.header("Content-Type", "application/json")
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(post.statusCode()).isIn(404, 405);
	}

	/**
	 * operations.md: 8081 serves health, metrics and the routing view, nothing else;
	 * events come in on 8080.
	 */
	@Test
	void theManagementPortTakesNoEvents() throws Exception {
		HttpResponse<String> post = http
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + managementPort + "/events"))
				.POST(HttpRequest.BodyPublishers.ofString("{}"))
				.header("Content-Type", "application/cloudevents+json")
				.build(), HttpResponse.BodyHandlers.ofString());

		assertThat(post.statusCode()).isEqualTo(404);
		assertThat(post.body()).contains("\"code\":\"not_found\"");
	}

	@Test
	void theRoutingViewCannotBeWritten() throws Exception {
		HttpResponse<String> post = http
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + managementPort + "/actuator/routing"))
				.POST(HttpRequest.BodyPublishers.ofString("{\"mode\":\"falcon-only\"}"))
				.header("Content-Type", "application/json")
				.build(), HttpResponse.BodyHandlers.ofString());

		assertThat(post.statusCode()).isIn(404, 405);
		assertThat(get(managementPort, "/actuator/routing").body()).contains("\"mode\":\"rules\"");
	}

	private HttpResponse<String> get(int port, String path) throws Exception {
		return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

}
