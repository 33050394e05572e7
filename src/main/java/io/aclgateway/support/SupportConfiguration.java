package io.aclgateway.support;

import java.time.Clock;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import reactor.netty.NettyPipeline;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Beans every feature may use. */
@Configuration(proxyBeanMethods = false)
class SupportConfiguration {

	/** The one clock: reload times, signature freshness; tests replace it. */
	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

	/**
	 * One registry for every circuit breaker (upstreams, queue), so that their states
	 * show in the metrics.
	 */
	@Bean
	CircuitBreakerRegistry circuitBreakerRegistry(MeterRegistry meters) {
		CircuitBreakerRegistry registry = CircuitBreakerRegistry.ofDefaults();
		TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(registry).bindTo(meters);
		return registry;
	}

	/**
	 * A read timeout on both servers, so that no client can hold a connection by sending
	 * slowly.
	 */
	@Bean
	NettyServerCustomizer slowClientTimeout(ClientConnectionProperties server) {
		return http -> http.readTimeout(server.readTimeout());
	}

	/**
	 * On the public server, around the HTTP codec: a request head must be whole within
	 * the header timeout, answers given before a body was read are not lost to a reset
	 * (lingering close), and requests the codec cannot read get a body in the legacy
	 * envelope (nothing tells their target), counted with the proxy's other own answers.
	 * The management server gets its own, in problem+json.
	 */
	@Bean
	NettyServerCustomizer earlyAnswers(ClientConnectionProperties server, ObjectProvider<CodecAnswers> counters) {
		// Looked up when an answer is written, not now: the counter's registry is not
		// there yet when servers are made.
		return earlyAnswers(server, ErrorDialect.LEGACY,
				code -> counters.ifAvailable(counter -> counter.answered(code)));
	}

	static NettyServerCustomizer earlyAnswers(ClientConnectionProperties server, ErrorDialect dialect,
			CodecAnswers counted) {
		return http -> http.doOnChannelInit((observer, channel, remote) -> {
			if (channel.pipeline().get(NettyPipeline.HttpCodec) != null) {
				HeaderDeadline deadline = new HeaderDeadline(server.headerTimeout(), dialect,
						() -> counted.answered(HeaderDeadline.REQUEST_TIMEOUT));
				channel.pipeline()
					.addBefore(NettyPipeline.HttpCodec, HeaderDeadline.BYTES_NAME, deadline.bytes())
					.addAfter(NettyPipeline.HttpCodec, HeaderDeadline.HEADS_NAME, deadline.heads())
					.addAfter(HeaderDeadline.HEADS_NAME, LingeringClose.NAME, new LingeringClose(server.lingering()))
					.addAfter(LingeringClose.NAME, DecoderFailureAnswer.NAME,
							new DecoderFailureAnswer(dialect, counted));
			}
		});
	}

}
