package io.aclgateway.bench;

import java.time.Duration;

import io.netty.handler.codec.http.HttpHeaderNames;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;
import reactor.netty.resources.ConnectionProvider;

/**
 * The transport's own floor: a hand-written Reactor Netty proxy (the server and client the
 * gateway runs on) that forwards every request to one upstream, with no framework, no routing,
 * no header rules, no metrics. Not a proxy to use: it only tells how far a proxy on this JVM
 * transport can get on the bench's box, below everything Spring Cloud Gateway and acl-gateway add.
 *
 * <p>{@code java -cp <runtime classpath> io.aclgateway.bench.NettyProxy PORT UPSTREAM_BASE_URL}
 */
public final class NettyProxy {

	private NettyProxy() {
	}

	public static void main(String[] args) {
		int port = Integer.parseInt(args[0]);
		ConnectionProvider pool = ConnectionProvider.builder("upstream")
			.maxConnections(1000)
			.maxIdleTime(Duration.ofSeconds(15))
			.build();
		HttpClient upstream = HttpClient.create(pool).baseUrl(args[1]);
		DisposableServer server = HttpServer.create()
			.host("127.0.0.1")
			.port(port)
			.handle((request, response) -> upstream
				.headers(headers -> headers.set(request.requestHeaders()).remove(HttpHeaderNames.HOST))
				.request(request.method())
				.uri(request.uri())
				.send(request.receive().retain())
				.response((answer, body) -> response.status(answer.status())
					.headers(answer.responseHeaders())
					.send(body.retain()))
				.then())
			.bindNow();
		server.onDispose().block();
	}

}
