package io.aclgateway.routing.proxy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import reactor.netty.resources.ConnectionProvider;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import io.aclgateway.AclGatewayApplication;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Shutdown as operations.md says: a request in flight when shutdown begins is answered,
 * new connections are refused; the upstream connection pools close with the gateway.
 * (That the process then exits 0 on SIGTERM is checked by .ci/container-check.sh, on the
 * real process.)
 */
class GracefulShutdownIntegrationTests {

	@RegisterExtension
	static WireMockExtension legacy = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

	@TempDir
	Path config;

	@Test
	void finishesARequestInFlightWhenShutdownBeginsAndRefusesNewOnes() throws Exception {
		legacy.stubFor(
				any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("slow but sure").withFixedDelay(1_500)));
		ConfigurableApplicationContext gateway = startGateway();
		int port = ((WebServerApplicationContext) gateway).getWebServer().getPort();
		HttpClient http = HttpClient.newHttpClient();
		URI uri = URI.create("http://localhost:" + port + "/v1/slow");

		CompletableFuture<HttpResponse<String>> inFlight = http.sendAsync(HttpRequest.newBuilder(uri).build(),
				HttpResponse.BodyHandlers.ofString());
		await().pollInterval(Duration.ofMillis(10)).until(() -> !legacy.findAll(anyRequestedFor(anyUrl())).isEmpty());
		CompletableFuture<Void> shutdown = CompletableFuture.runAsync(gateway::close);

		HttpResponse<String> answered = inFlight.get();
		shutdown.get();

		assertThat(answered.statusCode()).isEqualTo(200);
		assertThat(answered.body()).isEqualTo("slow but sure");
		assertThatThrownBy(() -> HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()))
			.isInstanceOf(java.io.IOException.class);
	}

	@Test
	void closesItsUpstreamConnectionPoolsWithTheContext() throws Exception {
		legacy.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("pooled")));
		ConfigurableApplicationContext gateway = startGateway();
		int port = ((WebServerApplicationContext) gateway).getWebServer().getPort();
		HttpResponse<String> answered = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/pooled")).build(),
					HttpResponse.BodyHandlers.ofString());
		ConnectionProvider pools = gateway.getBean(reactor.netty.http.client.HttpClient.class)
			.configuration()
			.connectionProvider();
		assertThat(answered.body()).isEqualTo("pooled");
		assertThat(pools.isDisposed()).isFalse();

		gateway.close();

		// Left open, a pool evicting in the background stays scheduled on Reactor's
		// shared
		// timer with its connections and the closed context they lead to.
		assertThat(pools.isDisposed()).isTrue();
	}

	private ConfigurableApplicationContext startGateway() throws java.io.IOException {
		java.nio.file.Files.writeString(config.resolve("routing.yml"), "default: legacy\n");
		return new SpringApplicationBuilder(AclGatewayApplication.class).run("--server.port=0",
				"--management.server.port=0", "--acl.routing.file=" + config.resolve("routing.yml"),
				"--acl.falcon.uri=" + legacy.baseUrl(), "--acl.legacy.uri=" + legacy.baseUrl());
	}

}
