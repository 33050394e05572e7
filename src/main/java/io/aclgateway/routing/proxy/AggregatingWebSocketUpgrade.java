package io.aclgateway.routing.proxy;

import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.WebsocketServerSpec;

import org.springframework.core.io.buffer.NettyDataBufferFactory;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.web.reactive.socket.HandshakeInfo;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.adapter.ReactorNettyWebSocketSession;
import org.springframework.web.reactive.socket.server.RequestUpgradeStrategy;
import org.springframework.web.server.ServerWebExchange;

/**
 * Upgrades client WebSockets like Spring's Reactor Netty strategy, but reassembles
 * fragmented messages from the first frame on. Spring installs the reassembler only when
 * the session is first read, and the gateway reads it only once its upstream connection
 * is up: a message split into frames and sent right after the upgrade otherwise reaches
 * Spring as bare continuation frames, and the connection is dropped.
 */
class AggregatingWebSocketUpgrade implements RequestUpgradeStrategy {

	private final int maxFramePayloadLength;

	private final boolean proxyPing;

	AggregatingWebSocketUpgrade(int maxFramePayloadLength, boolean proxyPing) {
		this.maxFramePayloadLength = maxFramePayloadLength;
		this.proxyPing = proxyPing;
	}

	@Override
	public Mono<Void> upgrade(ServerWebExchange exchange, WebSocketHandler handler, @Nullable String subProtocol,
			Supplier<HandshakeInfo> handshakeInfoFactory) {
		ServerHttpResponse response = exchange.getResponse();
		HttpServerResponse reactorResponse = ServerHttpResponseDecorator.getNativeResponse(response);
		HandshakeInfo handshakeInfo = handshakeInfoFactory.get();
		NettyDataBufferFactory bufferFactory = (NettyDataBufferFactory) response.bufferFactory();
		WebsocketServerSpec.Builder spec = WebsocketServerSpec.builder()
			.maxFramePayloadLength(maxFramePayloadLength)
			.handlePing(proxyPing);
		if (subProtocol != null) {
			spec.protocols(subProtocol);
		}
		WebsocketServerSpec built = spec.build();
		return response.setComplete().then(Mono.defer(() -> reactorResponse.sendWebsocket((in, out) -> {
			in.aggregateFrames(maxFramePayloadLength);
			return handler
				.handle(new ReactorNettyWebSocketSession(in, out, handshakeInfo, bufferFactory, maxFramePayloadLength));
		}, built)));
	}

}
