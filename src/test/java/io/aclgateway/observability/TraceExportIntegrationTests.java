package io.aclgateway.observability;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.aclgateway.testing.GatewayIntegrationTest;
import io.aclgateway.testing.StandIns;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Spans leave the gateway over OTLP/HTTP through the JDK's own HTTP client (the OkHttp
 * sender is not in the jar): one real export to a receiver on loopback, carrying the
 * client's trace id.
 */
@GatewayIntegrationTest(upstreams = StandIns.Upstream.LEGACY,
		properties = { "management.server.port=0", "management.tracing.sampling.probability=1.0" })
class TraceExportIntegrationTests {

	static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

	@RegisterExtension
	static WireMockExtension collector = WireMockExtension.newInstance()
		.options(wireMockConfig().dynamicPort())
		.build();

	@LocalServerPort
	int port;

	private final StandIns standIns;

	TraceExportIntegrationTests(StandIns standIns) {
		this.standIns = standIns;
	}

	@DynamicPropertySource
	static void collector(DynamicPropertyRegistry registry) {
		registry.add("management.opentelemetry.tracing.export.otlp.endpoint", () -> collector.baseUrl() + "/v1/traces");
	}

	@Test
	void exportsTheSpanOfAProxiedRequestToAnOtlpReceiverWithoutOkHttp() throws Exception {
		assertThat(getClass().getClassLoader().getResource("okhttp3/OkHttpClient.class")).isNull();
		standIns.legacy().stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200)));
		collector.stubFor(post(urlPathEqualTo("/v1/traces")).willReturn(aResponse().withStatus(200)));

		HttpResponse<Void> answer = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/rooms"))
				.header("User-Agent", "ChatWorkAndroid/3.9.2")
				.header("traceparent", "00-" + TRACE_ID + "-00f067aa0ba902b7-01")
				.build(), HttpResponse.BodyHandlers.discarding());
		assertThat(answer.statusCode()).isEqualTo(200);

		byte[] traceId = HexFormat.of().parseHex(TRACE_ID);
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			List<LoggedRequest> exports = collector.findAll(postRequestedFor(urlPathEqualTo("/v1/traces")));
			assertThat(exports).anySatisfy(export -> {
				assertThat(export.getHeader("Content-Type")).isEqualTo("application/x-protobuf");
				assertThat(indexOf(export.getBody(), traceId)).as("the client's trace id in the exported spans")
					.isNotNegative();
			});
		});
	}

	private static int indexOf(byte[] haystack, byte[] needle) {
		outer: for (int i = 0; i + needle.length <= haystack.length; i++) {
			for (int j = 0; j < needle.length; j++) {
				if (haystack[i + j] != needle[j]) {
					continue outer;
				}
			}
			return i;
		}
		return -1;
	}

}
