package io.aclgateway.routing.resilience;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import org.junit.jupiter.api.Test;

import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

import io.aclgateway.routing.proxy.ProxyPipeline;
import io.aclgateway.routing.proxy.RecordingChain;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A call's bulkhead place goes back the moment its response head is in, and the call
 * becomes a stream.
 */
class ResponseStartFilterTests {

	private final Bulkhead bulkhead = Bulkhead.of("test",
			BulkheadConfig.custom().maxConcurrentCalls(1).maxWaitDuration(Duration.ZERO).build());

	private final AtomicInteger streams = new AtomicInteger();

	private final MockServerWebExchange exchange = MockServerWebExchange
		.from(MockServerHttpRequest.get("http://gw/v1/download"));

	private UpstreamHold held() {
		assertThat(bulkhead.tryAcquirePermission()).isTrue();
		UpstreamHold hold = new UpstreamHold(bulkhead, streams, Duration.ofMinutes(5));
		exchange.getAttributes().put(UpstreamHold.ATTRIBUTE, hold);
		return hold;
	}

	@Test
	void whenTheRoutingCallEndsWithAResponseHeadTheCallBecomesAStream() {
		held();
		RecordingChain chain = RecordingChain.answering(passed -> {
			passed.getAttributes().put(ServerWebExchangeUtils.CLIENT_RESPONSE_ATTR, "the response head");
			return reactor.core.publisher.Mono.empty();
		});

		new ResponseStartFilter().filter(exchange, chain).block();

		assertThat(bulkhead.getMetrics().getAvailableConcurrentCalls()).isEqualTo(1);
		assertThat(streams).hasValue(1);
	}

	@Test
	void aCallWithoutAResponseHeadKeepsItsPlace() {
		held();

		new ResponseStartFilter().filter(exchange, RecordingChain.completing()).block();

		assertThat(bulkhead.getMetrics().getAvailableConcurrentCalls()).isZero();
		assertThat(streams).hasValue(0);
	}

	@Test
	void theHoldGivesEachPlaceBackOnceWhicheverWayTheCallEnds() {
		UpstreamHold hold = held();

		hold.started(exchange);
		hold.started(exchange);
		hold.ended();
		hold.ended();

		assertThat(bulkhead.getMetrics().getAvailableConcurrentCalls()).isEqualTo(1);
		assertThat(streams).hasValue(0);
	}

	@Test
	void runsInsideTheFilterThatWritesTheBody() {
		assertThat(new ResponseStartFilter().getOrder()).isEqualTo(ProxyPipeline.SEE_RESPONSE_START);
	}

}
