package io.aclgateway.routing.hygiene;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpStatus;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.util.unit.DataSize;

import io.aclgateway.routing.proxy.ClientFault;
import io.aclgateway.routing.proxy.RecordingChain;
import io.aclgateway.routing.proxy.TestDecisions;
import io.aclgateway.routing.proxy.TestUpstreams;
import io.aclgateway.routing.proxy.UpstreamErrors;
import io.aclgateway.routing.rules.Target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Request bodies are held to their upstream's limit on the bytes read, not on what the
 * client declares.
 */
class RequestSizeLimitFilterTests {

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private final RequestSizeLimitFilter filter = new RequestSizeLimitFilter(TestDecisions.to(Target.LEGACY),
			TestUpstreams.both(TestUpstreams.upstream()
				.maxRequestSize(DataSize.ofBytes(10), Map.of("/upload/**", DataSize.ofBytes(100)))),
			new UpstreamErrors(meters));

	/** A chain that reads the whole body it is given, as the routing filter does. */
	private final RecordingChain reading = RecordingChain
		.answering(exchange -> DataBufferUtils.join(exchange.getRequest().getBody())
			.doOnNext(DataBufferUtils::release)
			.then());

	private static Flux<DataBuffer> chunks(int... sizes) {
		return Flux.fromArray(java.util.Arrays.stream(sizes).boxed().toArray(Integer[]::new))
			.map(size -> DefaultDataBufferFactory.sharedInstance
				.wrap("x".repeat(size).getBytes(StandardCharsets.UTF_8)));
	}

	private double tooLarge() {
		return meters.get("acl.upstream.errors")
			.tag("target", "legacy")
			.tag("code", "request_too_large")
			.counter()
			.count();
	}

	@Test
	void answersADeclaredLengthOverTheLimit413AtOnceCounted() {
		MockServerWebExchange exchange = MockServerWebExchange
			.from(MockServerHttpRequest.post("http://gw/v1/notes").contentLength(11).body("x".repeat(11)));

		filter.filter(exchange, reading).block();

		assertThat(reading.passed()).isEmpty();
		assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.CONTENT_TOO_LARGE);
		assertThat(exchange.getResponse().getBodyAsString().block()).contains("\"code\":\"request_too_large\"")
			.contains("The request body is larger than 10 bytes.");
		assertThat(tooLarge()).isEqualTo(1);
	}

	@Test
	void cutsAChunkedBodyThatGrowsPastTheLimitWithTheClientsFault() {
		MockServerWebExchange exchange = MockServerWebExchange
			.from(MockServerHttpRequest.post("http://gw/v1/notes").body(chunks(6, 5)));

		ClientFault fault = assertThatExceptionOfType(ClientFault.class)
			.isThrownBy(() -> filter.filter(exchange, reading).block())
			.actual();

		assertThat(fault.status()).isEqualTo(HttpStatus.CONTENT_TOO_LARGE);
		assertThat(fault.code()).isEqualTo(UpstreamErrors.Code.REQUEST_TOO_LARGE);
		assertThat(fault.answer()).isEqualTo("The request body is larger than 10 bytes.");
		assertThat(tooLarge()).as("counted where it is answered, by the guard").isZero();
	}

	@Test
	void passesABodyAtTheLimitWhole() {
		MockServerWebExchange exchange = MockServerWebExchange
			.from(MockServerHttpRequest.post("http://gw/v1/notes").body(chunks(6, 4)));
		RecordingChain chain = RecordingChain
			.answering(passed -> DataBufferUtils.join(passed.getRequest().getBody()).map(body -> {
				int size = body.readableByteCount();
				DataBufferUtils.release(body);
				return size;
			}).doOnNext(size -> assertThat(size).isEqualTo(10)).then());

		filter.filter(exchange, chain).block();

		assertThat(chain.passed()).hasSize(1);
		assertThat(exchange.getResponse().getStatusCode()).isNull();
	}

	@Test
	void appliesTheFirstMatchingPerPathLimit() {
		MockServerWebExchange exchange = MockServerWebExchange
			.from(MockServerHttpRequest.post("http://gw/upload/photo").contentLength(100).body(chunks(50, 50)));

		filter.filter(exchange, reading).block();

		assertThat(reading.passed()).hasSize(1);
		assertThat(exchange.getResponse().getStatusCode()).isNull();
	}

}
