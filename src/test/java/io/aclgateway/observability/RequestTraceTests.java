package io.aclgateway.observability;

import java.util.List;

import io.micrometer.observation.Observation;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingDecision;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A request's sampling decision: parent-based on the client's {@code traceparent} as the
 * tracer would read it, else by probability; and the tracer's sampler agrees with it.
 */
class RequestTraceTests {

	static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

	static final String PARENT = "00-" + TRACE_ID + "-00f067aa0ba902b7-";

	@Test
	void aClientsSampledFlagDecidesWhateverTheProbability() {
		assertThat(RequestTrace.of(PARENT + "01", 0.0).sampled()).isTrue();
		assertThat(RequestTrace.of(PARENT + "03", 0.0).sampled()).isTrue();
		RequestTrace unsampled = RequestTrace.of(PARENT + "00", 1.0);
		assertThat(unsampled.sampled()).isFalse();
		assertThat(unsampled.traceId()).isEqualTo(TRACE_ID);
		assertThat(unsampled.spanId()).matches("[0-9a-f]{16}").isNotEqualTo("00f067aa0ba902b7");
		assertThat(unsampled.traceparent()).matches("00-" + TRACE_ID + "-[0-9a-f]{16}-00");
	}

	@Test
	void withoutAValidParentTheProbabilityDecidesAndATraceStarts() {
		for (String absent : new String[] { null, "", "garbage", PARENT.toUpperCase() + "00",
				"ff" + PARENT.substring(2) + "00", "00-00000000000000000000000000000000-00f067aa0ba902b7-00",
				"00-" + TRACE_ID + "-0000000000000000-00", PARENT + "00-extra", PARENT + "0g" }) {
			assertThat(RequestTrace.of(absent, 1.0).sampled()).as(absent).isTrue();
			RequestTrace started = RequestTrace.of(absent, 0.0);
			assertThat(started.sampled()).as(absent).isFalse();
			assertThat(started.traceId()).as(absent).matches("[0-9a-f]{32}").isNotEqualTo(TRACE_ID);
		}
		// A later version may carry more fields after a dash.
		assertThat(RequestTrace.validTraceId("01-" + TRACE_ID + "-00f067aa0ba902b7-00-more")).isEqualTo(TRACE_ID);
	}

	@Test
	void aRequestIsDecidedOnce() {
		Observation.Context context = new Observation.Context();
		RequestTrace first = RequestTrace.decide(context, null, 0.0);
		assertThat(RequestTrace.decide(context, PARENT + "01", 1.0)).isSameAs(first);
		assertThat(context.<RequestTrace>get(RequestTrace.class)).isSameAs(first);
	}

	@Test
	void theTracerSamplesTheServerSpanOfEverySampledRequestAndFollowsParents() {
		Sampler sampler = Sampler.parentBased(new ServerRootsSampled(0.0));
		assertThat(decision(sampler, SpanKind.SERVER)).isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
		assertThat(decision(sampler, SpanKind.CLIENT)).isEqualTo(SamplingDecision.DROP);
		assertThat(decision(Sampler.parentBased(new ServerRootsSampled(1.0)), SpanKind.CONSUMER))
			.isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
	}

	private static SamplingDecision decision(Sampler sampler, SpanKind kind) {
		return sampler.shouldSample(Context.root(), TRACE_ID, "span", kind, Attributes.empty(), List.of())
			.getDecision();
	}

}
