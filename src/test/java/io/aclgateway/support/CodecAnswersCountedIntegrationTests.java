package io.aclgateway.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.aclgateway.testing.GatewayIntegrationTest;
import io.aclgateway.testing.RawHttp;
import io.aclgateway.testing.StandIns.Upstream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The public server's own answers to requests its codec could not read (431, 414, 400)
 * are counted with every other answer the gateway writes in place of an upstream's, under
 * legacy, whose dialect they are in; the management port's are not the proxy's and are
 * not counted.
 */
@GatewayIntegrationTest(upstreams = Upstream.LEGACY)
class CodecAnswersCountedIntegrationTests {

	@LocalServerPort
	int port;

	@LocalManagementPort
	int managementPort;

	@Test
	void theCodecsAnswersAreCountedUnderLegacyAndTheManagementPortsAreNot() throws Exception {
		assertThat(
				RawHttp.exchange(port, "GET /rooms HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(20_000) + "\r\n\r\n"))
			.startsWith("HTTP/1.1 431");
		assertThat(RawHttp.exchange(port, "GET /" + "a".repeat(10_000) + " HTTP/1.1\r\nHost: x\r\n\r\n"))
			.startsWith("HTTP/1.1 414");
		assertThat(RawHttp.exchange(port, "GET /rooms HTTP/1.1\r\nHost: x\r\nX-Name : value\r\n\r\n"))
			.startsWith("HTTP/1.1 400");
		assertThat(RawHttp.exchange(port, "GET /a|b HTTP/1.1\r\nHost: x\r\n\r\n")).startsWith("HTTP/1.1 400");
		assertThat(RawHttp.exchange(managementPort,
				"GET /actuator/health HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(20_000) + "\r\n\r\n",
				Duration.ofSeconds(2)))
			.startsWith("HTTP/1.1 431");

		String metrics = metrics();
		assertThat(counted(metrics, "legacy", "headers_too_large")).isEqualTo(1.0);
		assertThat(counted(metrics, "legacy", "uri_too_long")).isEqualTo(1.0);
		assertThat(counted(metrics, "legacy", "malformed_request")).isEqualTo(2.0);
		assertThat(counted(metrics, "falcon", "headers_too_large")).isZero();
	}

	private static double counted(String metrics, String target, String code) {
		Matcher counted = Pattern.compile(Pattern.quote("acl_upstream_errors_total{application=\"acl-gateway\",code=\""
				+ code + "\",target=\"" + target + "\"} ") + "(\\S+)")
			.matcher(metrics);
		assertThat(counted.find()).as("%s/%s counted from start-up", target, code).isTrue();
		return Double.parseDouble(counted.group(1));
	}

	private String metrics() throws Exception {
		return HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + managementPort + "/actuator/prometheus"))
				.build(), HttpResponse.BodyHandlers.ofString())
			.body();
	}

}
