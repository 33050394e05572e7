package io.aclgateway.routing.gateway;

import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.filter.NettyWriteResponseFilter;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;

/**
 * Tells the call's {@link UpstreamGuard.Hold} the moment the upstream's response head has arrived,
 * before a byte of its body: the routing filter, inside this one, completes then, and the filter
 * that writes the body, outside it, has not begun. A long poll whose upstream sends its headers
 * early, or a download, gives its bulkhead permit back at once instead of with its first body bytes.
 */
public class ResponseStartFilter implements GlobalFilter, Ordered {

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		return chain.filter(exchange).doOnSuccess(done -> {
			UpstreamGuard.Hold hold = exchange.getAttribute(UpstreamGuard.Hold.ATTRIBUTE);
			if (hold != null && exchange.getAttribute(ServerWebExchangeUtils.CLIENT_RESPONSE_ATTR) != null) {
				hold.started(exchange);
			}
		});
	}

	@Override
	public int getOrder() {
		// Inside the body writer, so this chain ends with the routing call, which ends when the head is in.
		return NettyWriteResponseFilter.WRITE_RESPONSE_FILTER_ORDER + 1;
	}

}
