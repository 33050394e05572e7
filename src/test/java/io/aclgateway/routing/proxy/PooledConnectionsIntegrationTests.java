package io.aclgateway.routing.proxy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.aclgateway.testing.GatewayIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pooled upstream connections outlive no upstream keep-alive: the pool drops a connection
 * after {@code max-idle-time}, set below the upstream's keep-alive, so a request sent
 * just as the upstream closes an idle connection never lands on it. POSTs, which the
 * gateway never retries, show any such failure to the client.
 */
@GatewayIntegrationTest(upstreams = {},
		properties = { "spring.cloud.gateway.server.webflux.httpclient.pool.max-idle-time=150ms",
				"spring.cloud.gateway.server.webflux.httpclient.pool.eviction-interval=50ms" })
class PooledConnectionsIntegrationTests {

	/**
	 * The client ports the upstream saw, one per request: a new port is a new connection.
	 */
	static final List<Integer> connections = java.util.Collections.synchronizedList(new ArrayList<>());

	/**
	 * The upstream closes a keep-alive connection after 400 ms without a request, as
	 * servers do.
	 */
	static final DisposableServer upstream = HttpServer.create()
		.host("127.0.0.1")
		.port(0)
		.idleTimeout(Duration.ofMillis(400))
		.handle((request, response) -> {
			connections.add(request.remoteAddress().getPort());
			return request.receive().then(response.sendString(Mono.just("ok")).then());
		})
		.bindNow();

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void gateway(DynamicPropertyRegistry registry) {
		String uri = "http://127.0.0.1:" + upstream.port();
		registry.add("acl.falcon.uri", () -> uri);
		registry.add("acl.legacy.uri", () -> uri);
	}

	@AfterAll
	static void stopUpstream() {
		upstream.disposeNow();
	}

	@Test
	void reusesIdleConnectionsWithoutAnErrorReachingAClientAfterTheUpstreamClosedThem() throws Exception {
		HttpClient http = HttpClient.newHttpClient();
		List<Integer> statuses = new ArrayList<>();
		// Pauses around the upstream's 400 ms keep-alive, where a stale pooled connection
		// would be hit.
		for (int pause = 330; pause <= 470; pause += 10) {
			statuses.add(post(http).statusCode());
			Thread.sleep(pause);
			statuses.add(post(http).statusCode());
		}

		assertThat(statuses).hasSize(30).containsOnly(200);
	}

	@Test
	void dropsAConnectionIdleLongerThanTheMaxIdleTimeRatherThanReuseIt() throws Exception {
		HttpClient http = HttpClient.newHttpClient();
		connections.clear();

		post(http);
		// The gateway gives the upstream connection back to its pool just after the
		// client has the
		// answer, so a request sent right then may open another; within a few tries one
		// is reused.
		boolean reused = false;
		for (int attempt = 0; attempt < 10 && !reused; attempt++) {
			Thread.sleep(50);
			post(http);
			reused = seenBefore(lastConnection());
		}
		assertThat(reused).as("a connection idle 50 ms (< 150 ms) is reused: " + connections).isTrue();

		Thread.sleep(300);
		post(http);

		assertThat(seenBefore(lastConnection())).as("after 300 ms idle (> 150 ms): a new connection " + connections)
			.isFalse();
	}

	/** The upstream-side port of the last request. */
	private static Integer lastConnection() {
		return connections.get(connections.size() - 1);
	}

	private static boolean seenBefore(Integer connection) {
		return connections.subList(0, connections.size() - 1).contains(connection);
	}

	private HttpResponse<String> post(HttpClient http) throws Exception {
		return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/messages"))
			.POST(HttpRequest.BodyPublishers.ofString("{\"body\":\"hi\"}"))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

}
