package io.aclgateway.routing.resilience;

import java.net.ConnectException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

import io.aclgateway.routing.proxy.ClientFault;
import io.aclgateway.routing.proxy.ProxyPipeline;
import io.aclgateway.routing.proxy.RecordingChain;
import io.aclgateway.routing.proxy.TestDecisions;
import io.aclgateway.routing.proxy.TestUpstreams;
import io.aclgateway.routing.proxy.UpstreamErrors;
import io.aclgateway.routing.proxy.UpstreamsProperties;
import io.aclgateway.routing.rules.Target;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The guard around each forwarded request: places, the breaker's one outcome per call,
 * retries, answers.
 */
class UpstreamGuardFilterTests {

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private UpstreamCapacity capacity;

	private UpstreamBreakers breakers;

	private UpstreamGuardFilter guard(TestUpstreams upstream) {
		UpstreamsProperties upstreams = TestUpstreams.both(upstream);
		capacity = new UpstreamCapacity(upstreams, meters);
		breakers = new UpstreamBreakers(upstreams, CircuitBreakerRegistry.ofDefaults());
		return new UpstreamGuardFilter(TestDecisions.to(Target.LEGACY), capacity, breakers,
				new SafeRetries(new RetryBudget(0.2, 10)), new UpstreamErrors(meters));
	}

	private UpstreamGuardFilter guard() {
		return guard(TestUpstreams.upstream());
	}

	private CircuitBreaker legacyBreaker() {
		return breakers.breaker(Target.LEGACY);
	}

	private double counted(String code) {
		return meters.get("acl.upstream.errors").tag("target", "legacy").tag("code", code).counter().count();
	}

	private static MockServerWebExchange get() {
		return MockServerWebExchange.from(MockServerHttpRequest.get("http://gw/v1/me"));
	}

	private static MockServerWebExchange post() {
		return MockServerWebExchange.from(MockServerHttpRequest.post("http://gw/v1/notes"));
	}

	private static RecordingChain answering(HttpStatus status) {
		return RecordingChain.answering(exchange -> {
			exchange.getResponse().setStatusCode(status);
			return exchange.getResponse().setComplete();
		});
	}

	@Test
	void answersAtOnceWith503AndTheOpenDurationAsRetryAfterWhileTheBreakerIsOpen() {
		UpstreamGuardFilter guard = guard();
		legacyBreaker().transitionToOpenState();
		MockServerWebExchange exchange = get();
		RecordingChain chain = RecordingChain.completing();

		guard.filter(exchange, chain).block();

		assertThat(chain.passed()).isEmpty();
		assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
		assertThat(exchange.getResponse().getHeaders().getFirst("Retry-After")).isEqualTo("10");
		assertThat(exchange.getResponse().getBodyAsString().block()).contains("\"code\":\"upstream_unavailable\"");
		assertThat(counted("upstream_unavailable")).isEqualTo(1);
		assertThat(capacity.tryHold(Target.LEGACY)).as("the bulkhead place went back").isNotNull();
	}

	@Test
	void answersAtOnceWith503WhenTheBulkheadIsFull() {
		UpstreamGuardFilter guard = guard(TestUpstreams.upstream().maxConcurrentRequests(1));
		capacity.tryHold(Target.LEGACY);
		MockServerWebExchange exchange = get();

		guard.filter(exchange, RecordingChain.completing()).block();

		assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
		assertThat(exchange.getResponse().getHeaders().getFirst("Retry-After")).isEqualTo("1");
		assertThat(exchange.getResponse().getBodyAsString().block())
			.contains("The service has too many requests in progress; try again shortly.");
		assertThat(counted("too_many_requests")).isEqualTo(1);
	}

	@Test
	void answersAtOnceWith503WhenTheStreamsAreFull() {
		UpstreamGuardFilter guard = guard(TestUpstreams.upstream().maxStreams(1));
		capacity.tryHold(Target.LEGACY).started(get());
		MockServerWebExchange exchange = get();

		guard.filter(exchange, RecordingChain.completing()).block();

		assertThat(exchange.getResponse().getBodyAsString().block())
			.contains("The service has too many open streams; try again shortly.");
		assertThat(meters.get("acl.upstream.streams").tag("target", "legacy").gauge().value()).isEqualTo(1);
	}

	@Test
	void countsAStartedResponseAsTheCallsOneOutcomeA5xxAsAFailure() {
		UpstreamGuardFilter guard = guard();

		guard.filter(get(), answering(HttpStatus.OK)).block();
		guard.filter(get(), answering(HttpStatus.SERVICE_UNAVAILABLE)).block();

		assertThat(legacyBreaker().getMetrics().getNumberOfSuccessfulCalls()).isEqualTo(1);
		assertThat(legacyBreaker().getMetrics().getNumberOfFailedCalls()).isEqualTo(1);
		assertThat(counted("upstream_unavailable")).as("the upstream's own answer is not ours").isZero();
	}

	@Test
	void answersAFailedCall502CountedAndCountsItOnceForTheBreaker() {
		UpstreamGuardFilter guard = guard();
		MockServerWebExchange exchange = post();
		RecordingChain chain = RecordingChain.answering(passed -> Mono.error(new ConnectException("refused")));

		guard.filter(exchange, chain).block();

		assertThat(chain.passed()).as("a POST is never retried").hasSize(1);
		assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.BAD_GATEWAY);
		assertThat(exchange.getResponse().getBodyAsString().block()).contains("The service could not be reached.");
		assertThat(counted("upstream_unavailable")).isEqualTo(1);
		assertThat(legacyBreaker().getMetrics().getNumberOfFailedCalls()).isEqualTo(1);
		assertThat(legacyBreaker().getMetrics().getNumberOfBufferedCalls()).isEqualTo(1);
	}

	@Test
	void retriesAnIdempotentRequestWhoseConnectionFailedThenCountsOneOutcome() {
		UpstreamGuardFilter guard = guard();
		AtomicInteger calls = new AtomicInteger();
		RecordingChain chain = RecordingChain.answering(passed -> (calls.incrementAndGet() < 3)
				? Mono.error(new ConnectException("refused")) : answering(HttpStatus.OK).filter(passed));
		MockServerWebExchange exchange = get();

		guard.filter(exchange, chain).block(Duration.ofSeconds(5));

		assertThat(calls).hasValue(3);
		assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(legacyBreaker().getMetrics().getNumberOfBufferedCalls()).isEqualTo(1);
		assertThat(legacyBreaker().getMetrics().getNumberOfSuccessfulCalls()).isEqualTo(1);
	}

	@Test
	void answersTheClientsFaultWithItsOwnStatusAndGivesThePermitBackUncounted() {
		UpstreamGuardFilter guard = guard();
		MockServerWebExchange exchange = post();
		RecordingChain chain = RecordingChain.answering(passed -> Mono.error(new TooLarge()));

		guard.filter(exchange, chain).block();

		assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.CONTENT_TOO_LARGE);
		assertThat(exchange.getResponse().getBodyAsString().block()).contains("\"code\":\"request_too_large\"")
			.contains("Too large.");
		assertThat(counted("request_too_large")).isEqualTo(1);
		assertThat(legacyBreaker().getMetrics().getNumberOfBufferedCalls()).isZero();
	}

	@Test
	void givesThePlaceAndThePermitBackWhenTheClientLeavesBeforeTheAnswer() {
		UpstreamGuardFilter guard = guard(TestUpstreams.upstream()
			.maxConcurrentRequests(1)
			.breaker(new UpstreamsProperties.Breaker(50, Duration.ofSeconds(5), 80, 20, 100, Duration.ofSeconds(10),
					1)));
		legacyBreaker().transitionToOpenState();
		legacyBreaker().transitionToHalfOpenState();

		Disposable call = guard.filter(get(), RecordingChain.answering(passed -> Mono.never())).subscribe();
		assertThat(capacity.tryHold(Target.LEGACY)).as("held while waiting").isNull();
		call.dispose();

		assertThat(capacity.tryHold(Target.LEGACY)).isNotNull();
		assertThat(breakers.tryAcquire(Target.LEGACY)).as("the one half-open trial is free again").isNotNull();
		assertThat(legacyBreaker().getMetrics().getNumberOfBufferedCalls()).isZero();
	}

	@Test
	void guardsOutsideTheFilterThatWritesTheBody() {
		assertThat(guard().getOrder()).isEqualTo(ProxyPipeline.GUARD_UPSTREAM);
	}

	/** A client's fault as a pipeline stage throws it. */
	private static final class TooLarge extends ClientFault {

		TooLarge() {
			super("body over the limit", HttpStatus.CONTENT_TOO_LARGE, UpstreamErrors.Code.REQUEST_TOO_LARGE,
					"Too large.");
		}

	}

}
