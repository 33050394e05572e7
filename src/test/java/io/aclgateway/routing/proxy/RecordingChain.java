package io.aclgateway.routing.proxy;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.web.server.ServerWebExchange;

/**
 * The rest of a filter chain, for filter unit tests: records each exchange passed on and
 * answers as told.
 */
public final class RecordingChain implements GatewayFilterChain {

	private final List<ServerWebExchange> passed = new ArrayList<>();

	private final Function<ServerWebExchange, Mono<Void>> answer;

	private RecordingChain(Function<ServerWebExchange, Mono<Void>> answer) {
		this.answer = answer;
	}

	/** A chain that completes at once. */
	public static RecordingChain completing() {
		return new RecordingChain(exchange -> Mono.empty());
	}

	/**
	 * A chain that does {@code answer} with each exchange passed on (writes a response,
	 * fails, ...).
	 */
	public static RecordingChain answering(Function<ServerWebExchange, Mono<Void>> answer) {
		return new RecordingChain(answer);
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange) {
		return Mono.defer(() -> {
			passed.add(exchange);
			return answer.apply(exchange);
		});
	}

	/** The exchanges passed on, one per call (a retried call shows twice). */
	public List<ServerWebExchange> passed() {
		return passed;
	}

	/** The one exchange passed on; fails if there was none or more than one. */
	public ServerWebExchange onlyPassed() {
		if (passed.size() != 1) {
			throw new AssertionError("expected the request passed on once, was " + passed.size() + " times");
		}
		return passed.get(0);
	}

}
