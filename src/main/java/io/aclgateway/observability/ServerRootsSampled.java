package io.aclgateway.observability;

import java.util.List;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;

/**
 * The tracer's sampler for spans without a parent: a server span exists only for a
 * request {@link SampledRequestsObserved} already sampled, so it is recorded (sampling it
 * again by ratio would export {@code probability²}); any other root span is sampled by
 * ratio, as before.
 */
final class ServerRootsSampled implements Sampler {

	private final Sampler others;

	ServerRootsSampled(double probability) {
		this.others = Sampler.traceIdRatioBased(probability);
	}

	@Override
	public SamplingResult shouldSample(Context parentContext, String traceId, String name, SpanKind spanKind,
			Attributes attributes, List<LinkData> parentLinks) {
		return (spanKind == SpanKind.SERVER) ? SamplingResult.recordAndSample()
				: others.shouldSample(parentContext, traceId, name, spanKind, attributes, parentLinks);
	}

	@Override
	public String getDescription() {
		return "ServerRootsSampled{others=" + others.getDescription() + "}";
	}

}
