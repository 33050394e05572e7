package io.aclgateway.routing.resilience;

import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;

import io.aclgateway.routing.proxy.ProxyPipeline;

/**
 * Tells the call's {@link UpstreamHold} the moment the upstream's response head has
 * arrived, before a byte of its body: the routing filter, inside this one, completes
 * then, and the filter that writes the body, outside it, has not begun. A long poll whose
 * upstream sends its headers early, or a download, gives its bulkhead permit back at once
 * instead of with its first body bytes.
 */
class ResponseStartFilter implements GlobalFilter, Ordered {

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		return chain.filter(exchange).doOnSuccess(done -> {
			UpstreamHold hold = exchange.getAttribute(UpstreamHold.ATTRIBUTE);
			if (hold != null && exchange.getAttribute(ServerWebExchangeUtils.CLIENT_RESPONSE_ATTR) != null) {
				hold.started(exchange);
			}
		});
	}

	@Override
	public int getOrder() {
		return ProxyPipeline.SEE_RESPONSE_START;
	}

}
