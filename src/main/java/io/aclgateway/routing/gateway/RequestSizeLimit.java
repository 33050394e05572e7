package io.aclgateway.routing.gateway;

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

import io.aclgateway.routing.rules.PathGlob;
import io.aclgateway.routing.rules.Target;

/**
 * Holds each proxied request body to its upstream's size limit, counting the bytes actually read:
 * a chunked body declares no length, so checking {@code Content-Length} alone (as the gateway's
 * RequestSize filter does) would let any size through. A declared length over the limit is
 * answered 413 at once; a body that grows over it is cut and answered 413 if nothing was answered yet.
 */
public class RequestSizeLimit implements GlobalFilter, Ordered {

	static final String CODE = "request_too_large";

	private final ExchangeRouter router;

	// One entry per target, put by the constructor: get(target) is never null.
	private final Map<Target, Limits> limits = new EnumMap<>(Target.class);

	private final UpstreamErrors errors;

	public RequestSizeLimit(ExchangeRouter router, UpstreamsProperties upstreams, UpstreamErrors errors) {
		this.router = router;
		this.errors = errors;
		limits.put(Target.FALCON, Limits.of(upstreams.falcon()));
		limits.put(Target.LEGACY, Limits.of(upstreams.legacy()));
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		Target target = router.route(exchange).decision().target();
		long limit = Objects.requireNonNull(limits.get(target)).forPath(router.route(exchange).path().normal());
		long declared = exchange.getRequest().getHeaders().getContentLength();
		if (declared > limit) {
			errors.count(target, CODE);
			return DialectAnswer.write(exchange, target, HttpStatus.CONTENT_TOO_LARGE, CODE, message(limit), null);
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
		// After the decision, before the guard, so the guard sees a body that is already held to the limit.
		return UpstreamGuard.ORDER - 1;
	}

	/** A body grew past its limit while it was being forwarded. */
	static final class TooLarge extends RuntimeException {

		private final long limit;

		TooLarge(long limit) {
			super("request body over " + limit + " bytes", null, false, false);
			this.limit = limit;
		}

		long limit() {
			return limit;
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
