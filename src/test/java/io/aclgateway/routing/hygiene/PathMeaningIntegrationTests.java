package io.aclgateway.routing.hygiene;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.aclgateway.testing.GatewayIntegrationTest;
import io.aclgateway.testing.StandIns;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A path's one meaning, through the running gateway (routing.md "Forwarding"): every
 * spelling is decided and forwarded as its normal form, and a path with no single meaning
 * is refused with 400 {@code invalid_path} in the dialect of the target it would
 * otherwise get, labelled and counted.
 */
@GatewayIntegrationTest(routing = """
		default: legacy
		rules:
		  - name: uploads-stay-on-legacy
		    paths: ["/gateway.php", "/upload/**"]
		    target: legacy
		  - name: ios-5
		    platforms: [ios]
		    versions: ">=5.0.0"
		    target: falcon
		""", properties = { "acl.routing.debug-headers=true", "acl.falcon.max-request-size=1KB",
		"acl.falcon.max-request-sizes[/v1/files/**]=64KB" })
class PathMeaningIntegrationTests {

	private static final String IOS_5 = "ChatWork/5.3.1 (iOS 17.4.1; iPhone15,2)";

	private static final String OLD_IOS = "ChatWork-iOS/3.2 CFNetwork/1240.0.4 Darwin/20.6.0";

	@LocalServerPort
	int port;

	@LocalManagementPort
	int managementPort;

	private final HttpClient http = HttpClient.newHttpClient();

	private final WireMockServer falcon;

	private final WireMockServer legacy;

	PathMeaningIntegrationTests(StandIns standIns) {
		this.falcon = standIns.falcon();
		this.legacy = standIns.legacy();
	}

	@BeforeEach
	void stubs() {
		falcon.resetAll();
		legacy.resetAll();
		falcon.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("from falcon")));
		legacy.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("from legacy")));
	}

	@Test
	void anEncodedUnreservedCharacterDoesNotSlipPastAPathRule() throws Exception {
		HttpResponse<String> response = send("/%75pload/avatar/9", IOS_5);

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("from legacy");
		assertThat(response.headers().firstValue("X-Route-Rule")).hasValue("uploads-stay-on-legacy");
		legacy.verify(1, getRequestedFor(urlEqualTo("/upload/avatar/9")));
		assertThat(falcon.findAll(anyRequestedFor(anyUrl()))).isEmpty();
	}

	@Test
	void anOldAppsRepeatedSlashesAreRoutedAndForwardedMerged() throws Exception {
		HttpResponse<String> oldApp = send("//v1/rooms", OLD_IOS);
		HttpResponse<String> newApp = send("//v1//rooms/?page=2&page=1", IOS_5);
		HttpResponse<String> upload = send("//upload//avatar/9", IOS_5);

		assertThat(oldApp.statusCode()).isEqualTo(200);
		assertThat(oldApp.headers().firstValue("X-Route-Rule")).hasValue("default");
		assertThat(onlyRequestTo(legacy, 2).get(0).getUrl()).isEqualTo("/v1/rooms");
		assertThat(newApp.headers().firstValue("X-Route-Rule")).hasValue("ios-5");
		assertThat(onlyRequestTo(falcon, 1).get(0).getUrl()).isEqualTo("/v1/rooms/?page=2&page=1");
		assertThat(upload.headers().firstValue("X-Route-Rule")).hasValue("uploads-stay-on-legacy");
		legacy.verify(1, getRequestedFor(urlEqualTo("/upload/avatar/9")));
	}

	@Test
	void theUpstreamReceivesTheNormalFormAndTheQueryByteForByte() throws Exception {
		send("/v1/caf%c3%a9/%7euser/%41b?q=%c3%a9&a=1&b=2&a=3", IOS_5);

		assertThat(onlyRequestTo(falcon, 1).get(0).getUrl()).isEqualTo("/v1/caf%C3%A9/~user/Ab?q=%c3%a9&a=1&b=2&a=3");
	}

	@Test
	void aPerPathLimitHoldsForEverySpellingOfThePath() throws Exception {
		String body = "f".repeat(4096);
		HttpResponse<String> response = http
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1//%66iles/%41"))
				.header("User-Agent", IOS_5)
				.POST(HttpRequest.BodyPublishers.ofString(body))
				.build(), HttpResponse.BodyHandlers.ofString());

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(onlyRequestTo(falcon, 1).get(0).getUrl()).isEqualTo("/v1/files/A");
	}

	@ParameterizedTest(name = "{0} from {1}")
	@CsvSource(delimiter = '|', textBlock = """
			/v1/rooms%2F42         | ios-5   | falcon
			/upload/a%2fb          | ios-5   | legacy
			/v1/rooms%5C42         | ios-5   | falcon
			/v1/rooms%00           | ios-5   | falcon
			/a/../b                | old     | legacy
			/v1/../upload/x        | ios-5   | falcon
			/a/%2e%2e/b            | ios-5   | falcon
			/%75pload/%2E%2e/b     | ios-5   | legacy
			/v1/rooms;jsessionid=1 | ios-5   | falcon
			""")
	void refusesAPathWithoutOneMeaningInTheDialectOfItsTargetLabelledAndCounted(String path, String app, String target)
			throws Exception {
		String platform = "ios";
		double before = invalidPathDecisions(target, platform);

		String answer = rawRequest("GET " + path + " HTTP/1.1\r\nHost: x\r\nUser-Agent: "
				+ (app.equals("old") ? OLD_IOS : IOS_5) + "\r\nConnection: close\r\n\r\n");

		assertThat(answer).startsWith("HTTP/1.1 400");
		String head = answer.substring(0, answer.indexOf("\r\n\r\n")).toLowerCase();
		assertThat(head).contains("x-routed-to: " + target).contains("x-route-rule: invalid_path");
		if (target.equals("legacy")) {
			assertThat(head).contains("content-type: application/json");
			assertThat(answer).contains("\"success\":false").contains("\"code\":\"invalid_path\"");
		}
		else {
			assertThat(head).contains("content-type: application/problem+json");
			assertThat(answer).contains("\"status\":400").contains("\"code\":\"invalid_path\"");
		}
		assertThat(falcon.findAll(anyRequestedFor(anyUrl()))).isEmpty();
		assertThat(legacy.findAll(anyRequestedFor(anyUrl()))).isEmpty();
		assertThat(invalidPathDecisions(target, platform)).isEqualTo(before + 1);
	}

	private HttpResponse<String> send(String pathAndQuery, String userAgent) throws Exception {
		return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + pathAndQuery))
			.header("User-Agent", userAgent)
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static List<LoggedRequest> onlyRequestTo(WireMockServer upstream, int count) {
		List<LoggedRequest> requests = upstream.findAll(anyRequestedFor(anyUrl()));
		assertThat(requests).hasSize(count);
		return requests;
	}

	private double invalidPathDecisions(String target, String platform) throws Exception {
		String series = "acl_route_decisions_total{application=\"acl-gateway\",platform=\"" + platform
				+ "\",rule=\"invalid_path\",target=\"" + target + "\"} ";
		String metrics = http
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + managementPort + "/actuator/prometheus"))
				.build(), HttpResponse.BodyHandlers.ofString())
			.body();
		return metrics.lines()
			.filter(line -> line.startsWith(series))
			.mapToDouble(line -> Double.parseDouble(line.substring(series.length())))
			.findFirst()
			.orElse(0);
	}

	/**
	 * Sends the bytes as they are (no client library to tidy the path) and reads until
	 * the gateway closes.
	 */
	private String rawRequest(String request) throws IOException {
		try (Socket socket = new Socket("localhost", port)) {
			socket.setSoTimeout(5000);
			OutputStream out = socket.getOutputStream();
			out.write(request.getBytes(StandardCharsets.ISO_8859_1));
			out.flush();
			InputStream in = socket.getInputStream();
			return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
		}
	}

}
