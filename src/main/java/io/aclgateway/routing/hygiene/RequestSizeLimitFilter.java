package io.aclgateway.routing.hygiene;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.server.ServerWebExchange;

import io.aclgateway.routing.proxy.ClientFault;
import io.aclgateway.routing.proxy.DialectAnswer;
import io.aclgateway.routing.proxy.ExchangeDecisions;
import io.aclgateway.routing.proxy.ProxyPipeline;
import io.aclgateway.routing.proxy.UpstreamErrors;
import io.aclgateway.routing.proxy.UpstreamsProperties;
import io.aclgateway.routing.rules.PathGlob;
import io.aclgateway.routing.rules.Target;

/**
 * Holds each proxied request body to its upstream's size limit, counting the bytes
 * actually read: a chunked body declares no length, so checking {@code Content-Length}
 * alone (as the gateway's RequestSize filter does) would let any size through. A declared
 * length over the limit is answered 413 at once; a body that grows over it is cut and
 * answered 413 if nothing was answered yet.
 */
class RequestSizeLimitFilter implements GlobalFilter, Ordered {

	private final ExchangeDecisions decisions;

	private final Map<Target, Limits> limits = new EnumMap<>(Target.class);

	private final UpstreamErrors errors;

	RequestSizeLimitFilter(ExchangeDecisions decisions, UpstreamsProperties upstreams, UpstreamErrors errors) {
		this.decisions = decisions;
		this.errors = errors;
		for (Target target : Target.values()) {
			limits.put(target, Limits.of(upstreams.of(target)));
		}
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		Target target = decisions.of(exchange).decision().target();
		long limit = Objects.requireNonNull(limits.get(target), "a limit per target")
			.forPath(decisions.of(exchange).path().normal());
		long declared = exchange.getRequest().getHeaders().getContentLength();
		if (declared > limit) {
			return DialectAnswer.counted(exchange, errors, target, HttpStatus.CONTENT_TOO_LARGE,
					UpstreamErrors.Code.REQUEST_TOO_LARGE, message(limit), null);
		}
		ServerHttpRequest counted = new ServerHttpRequestDecorator(exchange.getRequest()) {
			@Override
			public Flux<DataBuffer> getBody() {
				AtomicLong seen = new AtomicLong();
				return super.getBody().handle((buffer, sink) -> {
					if (seen.addAndGet(buffer.readableByteCount()) > limit) {
						DataBufferUtils.release(buffer);
						sink.error(new TooLarge(limit));
					}
					else {
						sink.next(buffer);
					}
				});
			}
		};
		return chain.filter(exchange.mutate().request(counted).build());
	}

	static String message(long limit) {
		return "The request body is larger than " + limit + " bytes.";
	}

	@Override
	public int getOrder() {
		return ProxyPipeline.LIMIT_REQUEST_SIZE;
	}

	/**
	 * A body grew past its limit while it was being forwarded: the client's fault,
	 * answered 413 by the guard if nothing was answered yet.
	 */
	static final class TooLarge extends ClientFault {

		TooLarge(long limit) {
			super("request body over " + limit + " bytes", HttpStatus.CONTENT_TOO_LARGE,
					UpstreamErrors.Code.REQUEST_TOO_LARGE, message(limit));
		}

	}

	/** One upstream's limit and its per-path exceptions, first match wins. */
	private record Limits(long defaultLimit, List<Map.Entry<PathGlob, Long>> byPath) {

		static Limits of(UpstreamsProperties.Upstream upstream) {
			List<Map.Entry<PathGlob, Long>> byPath = new ArrayList<>();
			upstream.maxRequestSizes()
				.forEach((pattern, size) -> byPath.add(Map.entry(PathGlob.compile(pattern), size.toBytes())));
			return new Limits(upstream.maxRequestSize().toBytes(), byPath);
		}

		long forPath(String path) {
			for (Map.Entry<PathGlob, Long> entry : byPath) {
				if (entry.getKey().matches(path)) {
					return entry.getValue();
				}
			}
			return defaultLimit;
		}

	}

}
