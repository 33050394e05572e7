package io.aclgateway.demo;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.github.tomakehurst.wiremock.WireMockServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.aclgateway.testing.GatewayIntegrationTest;
import io.aclgateway.testing.StandIns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The README's shadow demo (issue 14 step 6) on the demo's wiring: the repository's
 * {@code config/routing.yml} and the demo's stand-ins ({@link DemoStandIns}). After a few
 * reads of an old app, {@code /actuator/shadow} shows the one field Falcon answers
 * differently as a difference and the random request id as noise.
 */
@GatewayIntegrationTest(properties = "acl.routing.file=config/routing.yml")
class ShadowDemoIntegrationTests {

	/** An old app: routed to legacy by config/routing.yml, so its reads are shadowed. */
	static final String OLD_APP = "ChatWork-iOS/3.2 CFNetwork/1240.0.4 Darwin/20.6.0";

	@LocalServerPort
	int port;

	@LocalManagementPort
	int managementPort;

	private final HttpClient http = HttpClient.newHttpClient();

	private final JsonMapper json = JsonMapper.builder().build();

	private final WireMockServer falcon;

	private final WireMockServer legacy;

	ShadowDemoIntegrationTests(StandIns standIns) {
		this.falcon = standIns.falcon();
		this.legacy = standIns.legacy();
	}

	/** After the stand-ins' reset before each test. */
	@BeforeEach
	void answerAsTheDemo() {
		DemoStandIns.falcon(falcon);
		DemoStandIns.legacy(legacy);
	}

	@Test
	void theStandInsDifferInOneFieldOfOneEndpointAndBothAddARandomRequestId() throws Exception {
		JsonNode legacyRoom = json.readTree(get(legacy.baseUrl() + "/v1/rooms/42").body());
		JsonNode legacyAgain = json.readTree(get(legacy.baseUrl() + "/v1/rooms/42").body());
		JsonNode falconRoom = json.readTree(get(falcon.baseUrl() + "/v1/rooms/42").body());
		JsonNode legacyMembers = json.readTree(get(legacy.baseUrl() + "/v1/rooms/42/members").body());
		JsonNode falconMembers = json.readTree(get(falcon.baseUrl() + "/v1/rooms/42/members").body());

		assertThat(legacyRoom.at("/status/success").asBoolean()).isTrue();
		assertThat(legacyRoom.at("/result/room_id").asLong()).isEqualTo(42);
		assertThat(legacyRoom.at("/result/name").stringValue()).isEqualTo("General");
		assertThat(falconRoom.at("/name").stringValue()).isEqualTo("general");
		assertThat(legacyRoom.at("/result/request_id").stringValue()).hasSize(16)
			.isNotEqualTo(legacyAgain.at("/result/request_id").stringValue());
		assertThat(differingFields(legacyRoom.get("result"), falconRoom)).containsExactlyInAnyOrder("name",
				"request_id");
		assertThat(differingFields(legacyMembers.get("result"), falconMembers)).containsExactly("request_id");
		assertThat(json.readTree(get(legacy.baseUrl() + "/v1/rooms").body()).at("/result/backend").stringValue())
			.isEqualTo("legacy");
	}

	@Test
	void afterAFewReadsTheViewShowsTheOneDifferingFieldAndTheRequestIdAsNoiseAndNothingOfTheRequestsElse()
			throws Exception {
		for (int i = 0; i < 20; i++) {
			HttpResponse<String> room = send(HttpRequest.newBuilder(URI.create(publicUri("/v1/rooms/42")))
				.header("User-Agent", OLD_APP)
				.build());
			assertThat(room.body()).as("the client gets legacy's answer").contains("\"name\":\"General\"");
			send(HttpRequest.newBuilder(URI.create(publicUri("/v1/rooms/42/members")))
				.header("User-Agent", OLD_APP)
				.build());
		}
		send(HttpRequest.newBuilder(URI.create(publicUri("/v1/rooms/43?access_token=s3cr3t-query")))
			.header("User-Agent", OLD_APP)
			.header("Authorization", "Bearer s3cr3t-header")
			.build());

		JsonNode rule = await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).until(() -> {
			JsonNode view = json.readTree(get("http://localhost:" + managementPort + "/actuator/shadow").body());
			return view.get("rules").get(0);
		}, view -> view.get("recentMismatches").size() > 0 && view.get("compared").asLong() >= 30);

		assertThat(rule.get("name").stringValue()).isEqualTo("rooms-read");
		assertThat(fields(rule.get("differingFields"))).containsExactly("/name");
		assertThat(fields(rule.get("noiseFields"))).contains("/request_id");
		assertThat(rule.get("outcomes").get("mismatch").asLong()).isGreaterThanOrEqualTo(20);
		assertThat(rule.get("outcomes").get("noise").asLong()).isPositive();
		String view = get("http://localhost:" + managementPort + "/actuator/shadow").body();
		assertThat(view).doesNotContain("s3cr3t", "access_token", "Authorization", "Bearer");
	}

	private static List<String> differingFields(JsonNode legacy, JsonNode falcon) {
		List<String> fields = new ArrayList<>();
		legacy.propertyNames().forEach(name -> {
			if (!legacy.get(name).equals(falcon.get(name))) {
				fields.add(name);
			}
		});
		return fields;
	}

	private static List<String> fields(JsonNode counts) {
		List<String> fields = new ArrayList<>();
		counts.forEach(count -> fields.add(count.get("field").stringValue()));
		return fields;
	}

	private String publicUri(String path) {
		return "http://localhost:" + port + path;
	}

	private HttpResponse<String> get(String uri) throws Exception {
		return send(HttpRequest.newBuilder(URI.create(uri)).build());
	}

	private HttpResponse<String> send(HttpRequest request) throws Exception {
		return http.send(request, HttpResponse.BodyHandlers.ofString());
	}

}
