package io.aclgateway.shadow;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import com.github.tomakehurst.wiremock.WireMockServer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.aclgateway.shadow.compare.FieldDifference;
import io.aclgateway.shadow.compare.ShadowOutcome;
import io.aclgateway.testing.DashboardMetrics;
import io.aclgateway.testing.GatewayIntegrationTest;
import io.aclgateway.testing.StandIns;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /actuator/shadow} and the shadow metrics on the running gateway's management
 * port, fed through the {@link ShadowResults} bean as the proxy path feeds it.
 */
@GatewayIntegrationTest
class ShadowEndpointIntegrationTests {

	@LocalServerPort
	int port;

	@LocalManagementPort
	int managementPort;

	@Autowired
	ShadowResults results;

	private final HttpClient http = HttpClient.newHttpClient();

	private final JsonMapper json = JsonMapper.builder().build();

	private final WireMockServer legacy;

	ShadowEndpointIntegrationTests(StandIns standIns) {
		this.legacy = standIns.legacy();
	}

	@Test
	void theManagementPortShowsEachRulesCountsBoundFieldsAndLastMismatchesWithNothingElseOfTheRequest()
			throws Exception {
		results.record(new ShadowResult("rooms-read", ShadowOutcome.MATCH, "GET", "/v1/rooms/7", List.of()));
		results.record(new ShadowResult("rooms-read", ShadowOutcome.NOISE, "GET", "/v1/rooms/7",
				List.of(new FieldDifference("/request_id", "/request_id", "\"a1\"", "\"b2\""))));
		results.record(new ShadowResult("rooms-read", ShadowOutcome.MISMATCH, "GET",
				"/v1/rooms/42?access_token=s3cr3t-query",
				List.of(new FieldDifference("/members/*/name", "/members/1/name", "\"General\"", "\"general\""))));

		HttpResponse<String> response = get(managementPort, "/actuator/shadow");

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).doesNotContain("s3cr3t", "access_token");
		JsonNode rule = json.readTree(response.body()).get("rules").get(0);
		assertThat(rule.get("name").stringValue()).isEqualTo("rooms-read");
		assertThat(rule.get("outcomes").get("match").asLong()).isEqualTo(1);
		assertThat(rule.get("outcomes").get("mismatch").asLong()).isEqualTo(1);
		assertThat(rule.get("outcomes").get("falcon_error").asLong()).isZero();
		assertThat(rule.get("compared").asLong()).isEqualTo(3);
		assertThat(rule.get("mismatchRate").asDouble()).isEqualTo(1.0 / 3);
		assertThat(rule.get("mismatchRateUpper95").asDouble()).isBetween(1.0 / 3, 1.0);
		assertThat(rule.get("differingFields").get(0).get("field").stringValue()).isEqualTo("/members/*/name");
		assertThat(rule.get("noiseFields").get(0).get("field").stringValue()).isEqualTo("/request_id");
		JsonNode mismatch = rule.get("recentMismatches").get(0);
		assertThat(mismatch.get("method").stringValue()).isEqualTo("GET");
		assertThat(mismatch.get("path").stringValue()).isEqualTo("/v1/rooms/42");
		assertThat(mismatch.get("differences").get(0).get("pointer").stringValue()).isEqualTo("/members/1/name");
		assertThat(mismatch.get("differences").get(0).get("falcon").stringValue()).isEqualTo("\"general\"");

		String scrape = get(managementPort, "/actuator/prometheus").body();
		assertThat(scrape)
			.containsPattern("acl_shadow_requests_total\\{[^}]*outcome=\"mismatch\",rule=\"rooms-read\"\\} 1\\.0")
			.containsPattern("acl_shadow_requests_total\\{[^}]*outcome=\"skipped\",rule=\"rooms-read\"\\} 0\\.0")
			.containsPattern(
					"acl_shadow_field_mismatches_total\\{[^}]*field=\"/members/\\*/name\",rule=\"rooms-read\"\\} 1\\.0");
		Set<String> shadowRow = new TreeSet<>(DashboardMetrics.asked());
		shadowRow.removeIf(DashboardMetrics.SHADOW_ONLY.negate());
		assertThat(shadowRow).as("the dashboard's shadow row").isNotEmpty();
		assertThat(DashboardMetrics.exported(scrape)).as("exported metrics").containsAll(shadowRow);
	}

	@Test
	void theViewIsNeitherWritableNorOnThePublicPort() throws Exception {
		legacy.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(404).withBody("legacy has no such page")));

		HttpResponse<String> post = http
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + managementPort + "/actuator/shadow"))
				.POST(HttpRequest.BodyPublishers.ofString("{}"))
				.header("Content-Type", "application/json")
				.build(), HttpResponse.BodyHandlers.ofString());

		assertThat(post.statusCode()).isIn(404, 405);
		assertThat(get(port, "/actuator/shadow").body()).isEqualTo("legacy has no such page");
	}

	private HttpResponse<String> get(int port, String path) throws Exception {
		return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

}
