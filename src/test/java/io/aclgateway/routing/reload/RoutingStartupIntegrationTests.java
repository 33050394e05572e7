package io.aclgateway.routing.reload;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import io.aclgateway.AclGatewayApplication;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Start-up as routing.md says: an invalid or unreadable file stops the gateway, a missing
 * one means legacy for all.
 */
class RoutingStartupIntegrationTests {

	@RegisterExtension
	static WireMockExtension falcon = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

	@RegisterExtension
	static WireMockExtension legacy = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

	@TempDir
	Path config;

	@Test
	void refusesToStartOnAnInvalidRoutingFileNamingTheFieldAndReason() throws Exception {
		Path file = Files.writeString(config.resolve("routing.yml"), """
				rules:
				  - name: ios-5
				    versions: ">=5.x"
				    target: mars
				""");

		assertThatThrownBy(() -> start(file).close()).rootCause()
			.hasMessageContaining("rules[0].versions")
			.hasMessageContaining("rules[0].target");
		assertThatThrownBy(() -> start(file).close())
			.hasStackTraceContaining("is invalid, so the gateway will not start");
	}

	@Test
	void sendsEverythingToLegacyWhenTheRoutingFileIsMissing() throws Exception {
		falcon.stubFor(any(anyUrl()).willReturn(aResponse().withBody("falcon")));
		legacy.stubFor(any(anyUrl()).willReturn(aResponse().withBody("legacy")));

		try (ConfigurableApplicationContext gateway = start(config.resolve("absent.yml"))) {
			int port = ((WebServerApplicationContext) gateway).getWebServer().getPort();
			HttpResponse<String> response = HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/rooms"))
					.header("User-Agent", "ChatWork/9.0.0 (iOS 18.0; iPhone16,1)")
					.build(), HttpResponse.BodyHandlers.ofString());

			assertThat(response.body()).isEqualTo("legacy");
		}
	}

	@Test
	void refusesToStartWhenTheRoutingFileIsThereButCannotBeRead() throws Exception {
		// A directory in the file's place: unreadable to anyone, root included (tests run
		// as root).
		Path unreadable = Files.createDirectory(config.resolve("routing.yml"));

		assertThatThrownBy(() -> start(unreadable).close()).hasStackTraceContaining(
				"Routing file " + unreadable.toAbsolutePath() + " cannot be read, so the gateway will not start");
	}

	@Test
	void refusesToStartWithAReloadIntervalBeyondTheFiveSecondPromiseNamingTheKeyAndValue() throws Exception {
		Path file = Files.writeString(config.resolve("routing.yml"), "default: legacy\n");

		assertThatThrownBy(() -> gateway()
			.run("--server.port=0", "--management.server.port=0", "--acl.routing.file=" + file,
					"--acl.routing.reload-interval=10s", "--acl.falcon.uri=" + falcon.baseUrl(),
					"--acl.legacy.uri=" + legacy.baseUrl())
			.close()).hasStackTraceContaining("acl.routing.reload-interval").hasStackTraceContaining("10000ms");
	}

	@Test
	void refusesToStartWithoutUpstreamUris() {
		assertThatThrownBy(() -> gateway()
			.run("--server.port=0", "--management.server.port=0", "--acl.routing.file=" + config.resolve("x.yml"),
					"--acl.falcon.uri=http://falcon.internal:8080/api/v1")
			.close()).hasStackTraceContaining("acl.falcon").hasStackTraceContaining("acl.legacy");
	}

	/**
	 * The gateway, its meter registry kept out of Micrometer's global one: a context
	 * whose start fails closes without the event on which Boot takes its registry out
	 * again, so the global registry would hold each refused gateway for the rest of the
	 * test JVM.
	 */
	private static SpringApplicationBuilder gateway() {
		return new SpringApplicationBuilder(AclGatewayApplication.class)
			.properties("management.metrics.use-global-registry=false");
	}

	private ConfigurableApplicationContext start(Path routingFile) {
		return gateway().run("--server.port=0", "--management.server.port=0", "--acl.routing.file=" + routingFile,
				"--acl.falcon.uri=" + falcon.baseUrl(), "--acl.legacy.uri=" + legacy.baseUrl());
	}

}
