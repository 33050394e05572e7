package io.aclgateway.support;

import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.aclgateway.testing.GatewayIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A connection upgraded to a WebSocket carries no more request heads: its frames are
 * never held to {@code acl.server.header-timeout}, however long it stays open. Nor is a
 * WebSocket an upstream call waiting for its response head: the response timeout never
 * cuts it either.
 */
@GatewayIntegrationTest(upstreams = {},
		properties = { "acl.server.header-timeout=1s", "acl.legacy.response-timeout=1s",
				"acl.falcon.response-timeout=1s" })
@DirtiesContext // its upstream stops with the class
class HeaderDeadlineWebSocketIntegrationTests {

	private static final DisposableServer echo = HttpServer.create()
		.host(InetAddress.getLoopbackAddress().getHostAddress())
		.port(0)
		.route(routes -> routes.ws("/ws/echo", (in, out) -> out.sendString(in.aggregateFrames().receive().asString())))
		.bindNow(Duration.ofSeconds(10));

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void gateway(DynamicPropertyRegistry registry) {
		String upstream = "http://" + echo.host() + ":" + echo.port();
		registry.add("acl.falcon.uri", () -> upstream);
		registry.add("acl.legacy.uri", () -> upstream);
	}

	@AfterAll
	static void stop() {
		echo.disposeNow();
	}

	@Test
	void aWebSocketOpenLongerThanTheHeaderAndResponseTimeoutsKeepsCarryingMessages() throws Exception {
		BlockingQueue<String> received = new LinkedBlockingQueue<>();
		WebSocket socket = HttpClient.newHttpClient()
			.newWebSocketBuilder()
			.buildAsync(URI.create("ws://localhost:" + port + "/ws/echo"), new WebSocket.Listener() {
				@Override
				public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
					received.add(data.toString());
					webSocket.request(1);
					return null;
				}
			})
			.get(10, TimeUnit.SECONDS);

		socket.sendText("first", true).get(5, TimeUnit.SECONDS);
		// Generous: the gateway's WebSocket client connects to the upstream on the first
		// message's way, and a 2-core CI box under a full test JVM once took over 5 s.
		// What is held to the header timeout is only the second message, below.
		assertThat(received.poll(30, TimeUnit.SECONDS)).isEqualTo("first");
		Thread.sleep(2500);
		socket.sendText("second", true).get(5, TimeUnit.SECONDS);

		assertThat(received.poll(5, TimeUnit.SECONDS)).isEqualTo("second");
		socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(5, TimeUnit.SECONDS);
	}

}
