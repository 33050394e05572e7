package io.aclgateway.routing.proxy;

import java.io.IOException;
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
import io.aclgateway.testing.RawHttp;
import io.aclgateway.testing.StandIns.Upstream;
import io.aclgateway.testing.StandIns;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The answers the gateway writes itself, below and around the routes: requests the HTTP
 * codec cannot read and errors that reach Spring's error handling get a body in dialect
 * with a stable code (operations.md), never an empty body or Spring Boot's default error
 * JSON.
 */
@GatewayIntegrationTest(upstreams = Upstream.LEGACY)
class OwnAnswersIntegrationTests {

	@LocalServerPort
	int port;

	@LocalManagementPort
	int managementPort;

	private final HttpClient http = HttpClient.newHttpClient();

	private final WireMockServer legacy;

	OwnAnswersIntegrationTests(StandIns standIns) {
		this.legacy = standIns.legacy();
	}

	@Test
	void headersOverTheLimitAreAnswered431InTheLegacyEnvelope() throws IOException {
		String answer = RawHttp.exchange(port,
				"GET /rooms HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(20_000) + "\r\n\r\n");

		assertThat(answer).startsWith("HTTP/1.1 431")
			.containsIgnoringCase("content-type: application/json")
			.contains("{\"status\":{\"success\":false,\"code\":\"headers_too_large\"");
	}

	@Test
	void aRequestLineOverTheLimitIsAnswered414InTheLegacyEnvelope() throws IOException {
		String answer = RawHttp.exchange(port, "GET /" + "a".repeat(10_000) + " HTTP/1.1\r\nHost: x\r\n\r\n");

		assertThat(answer).startsWith("HTTP/1.1 414")
			.containsIgnoringCase("content-type: application/json")
			.contains("{\"status\":{\"success\":false,\"code\":\"uri_too_long\"");
	}

	@Test
	void malformedHttpIsAnswered400InTheLegacyEnvelope() throws IOException {
		String answer = RawHttp.exchange(port, "GET /rooms HTTP/1.1\r\nHost: x\r\nX-Name : value\r\n\r\n");

		assertThat(answer).startsWith("HTTP/1.1 400")
			.containsIgnoringCase("content-type: application/json")
			.contains("{\"status\":{\"success\":false,\"code\":\"malformed_request\"");
	}

	@ParameterizedTest
	@ValueSource(strings = { "/rooms|x", "/a\\b", "/rooms?q={x}", "/%zz" })
	void aRequestTargetThatIsNoUriIsAnswered400InTheLegacyEnvelope(String target) throws IOException {
		String answer = RawHttp.exchange(port, "GET " + target + " HTTP/1.1\r\nHost: x\r\n\r\n");

		assertThat(answer).startsWith("HTTP/1.1 400")
			.containsIgnoringCase("content-type: application/json")
			.contains("{\"status\":{\"success\":false,\"code\":\"malformed_request\"");
	}

	@Test
	void aBodyThatBreaksOffIntoGarbageIsAnswered400InTheLegacyEnvelope() throws IOException {
		legacy.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200)));

		String answer = RawHttp.exchange(port, "POST /rooms HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
				+ "5\r\nhello\r\nzz\r\nnot a chunk\r\n0\r\n\r\n");

		assertThat(answer).startsWith("HTTP/1.1 400")
			.containsIgnoringCase("content-type: application/json")
			.contains("{\"status\":{\"success\":false,\"code\":\"malformed_request\"");
	}

	@Test
	void malformedHttpOnTheManagementPortIsAnsweredInProblemJson() throws IOException {
		String answer = RawHttp.exchange(managementPort,
				"GET /actuator/health HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(20_000) + "\r\n\r\n");

		assertThat(answer).startsWith("HTTP/1.1 431")
			.containsIgnoringCase("content-type: application/problem+json")
			.contains("\"code\":\"headers_too_large\"");
	}

	@ParameterizedTest
	@ValueSource(strings = { "/nothing-here", "/actuator/gateway/routes", "/actuator/env" })
	void anUnknownPathOnTheManagementPortIsAProblemNeverForwardedNorSpringsErrorJson(String path) throws Exception {
		legacy.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("legacy")));

		HttpResponse<String> response = http.send(
				HttpRequest.newBuilder(URI.create("http://localhost:" + managementPort + path)).build(),
				HttpResponse.BodyHandlers.ofString());

		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(response.body()).contains("\"code\":\"not_found\"").doesNotContain("timestamp");
		assertThat(legacy.findAll(anyRequestedFor(anyUrl()))).as("forwarded from the management port").isEmpty();
	}

	@Test
	void aWrongMethodOnTheManagementPortIsAProblemNotSpringsErrorJson() throws Exception {
		HttpResponse<String> response = http
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + managementPort + "/actuator/health"))
				.DELETE()
				.build(), HttpResponse.BodyHandlers.ofString());

		assertThat(response.statusCode()).isEqualTo(405);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(response.body()).contains("\"code\":\"method_not_allowed\"").doesNotContain("timestamp");
	}

	@Test
	void getOnTheEventsPathIsNeverSpringsErrorJson() throws Exception {
		legacy.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("legacy")));

		HttpResponse<String> response = http.send(
				HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/events")).build(),
				HttpResponse.BodyHandlers.ofString());

		assertThat(response.body()).doesNotContain("\"timestamp\"").doesNotContain("\"path\"");
	}

}
