package io.aclgateway.observability;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

import io.micrometer.observation.Observation;
import io.opentelemetry.api.trace.SpanId;
import io.opentelemetry.api.trace.TraceId;
import io.opentelemetry.sdk.trace.IdGenerator;
import org.jspecify.annotations.Nullable;

/**
 * A request's sampling decision and, when it is not sampled, the trace it belongs to: the
 * client's trace id (or a fresh one) and the gateway's own span id, which is the parent
 * id the upstream sees.
 *
 * @param traceId 32 lower-case hex digits; empty for a sampled request (its span has it)
 * @param spanId 16 lower-case hex digits; empty for a sampled request
 * @param sampled whether the request is observed and its span exported
 */
public record RequestTrace(String traceId, String spanId, boolean sampled) {

	/** The exchange attribute that holds an unsampled request's trace. */
	public static final String ATTRIBUTE = RequestTrace.class.getName();

	/** The W3C header, and the only propagation format the gateway reads or writes. */
	public static final String TRACEPARENT = "traceparent";

	/** A sampled request: its observation carries the trace. */
	static final RequestTrace OBSERVED = new RequestTrace("", "", true);

	/** The tracer's own: random ids, never all zeros. */
	private static final IdGenerator IDS = IdGenerator.random();

	private static final int LENGTH = 55;

	/**
	 * The decision of a request, made the first time it is asked for and kept in its
	 * server observation's context (which exists, in the exchange's attributes, whether
	 * the observation does or not).
	 */
	static RequestTrace decide(Observation.Context context, @Nullable String traceparent, double probability) {
		RequestTrace decided = context.get(RequestTrace.class);
		if (decided != null) {
			return decided;
		}
		RequestTrace trace = of(traceparent, probability);
		context.put(RequestTrace.class, trace);
		return trace;
	}

	/**
	 * Parent-based, as the tracer's sampler: a valid {@code traceparent} decides by its
	 * sampled flag; without one, a request is sampled with {@code probability}.
	 */
	static RequestTrace of(@Nullable String traceparent, double probability) {
		String parentTraceId = validTraceId(traceparent);
		boolean sampled = (parentTraceId != null) ? sampledFlag(traceparent)
				: ThreadLocalRandom.current().nextDouble() < probability;
		if (sampled) {
			return OBSERVED;
		}
		String traceId = (parentTraceId != null) ? parentTraceId : IDS.generateTraceId();
		return new RequestTrace(traceId, IDS.generateSpanId(), false);
	}

	/**
	 * The {@code traceparent} to send upstream: this trace, the gateway's span as parent.
	 */
	public String traceparent() {
		return "00-" + traceId + "-" + spanId + (sampled ? "-01" : "-00");
	}

	/**
	 * The trace id when the header is one the tracer's W3C propagator would accept
	 * (version not {@code ff}, lower-case hex, ids not all zero), else null.
	 */
	static @Nullable String validTraceId(@Nullable String traceparent) {
		if (traceparent == null || traceparent.length() < LENGTH) {
			return null;
		}
		if (traceparent.charAt(2) != '-' || traceparent.charAt(35) != '-' || traceparent.charAt(52) != '-') {
			return null;
		}
		if (traceparent.startsWith("00") ? traceparent.length() != LENGTH
				: traceparent.length() > LENGTH && traceparent.charAt(LENGTH) != '-') {
			return null;
		}
		if (!hex(traceparent, 0, 2) || traceparent.startsWith("ff") || !hex(traceparent, 53, 55)) {
			return null;
		}
		String traceId = traceparent.substring(3, 35);
		return (TraceId.isValid(traceId) && SpanId.isValid(traceparent.subSequence(36, 52))) ? traceId : null;
	}

	private static boolean sampledFlag(@Nullable String traceparent) {
		return traceparent != null && (HexFormat.fromHexDigit(traceparent.charAt(54)) & 1) == 1;
	}

	/**
	 * Lower-case hex only, as W3C Trace Context requires of the version and the flags.
	 */
	private static boolean hex(String text, int from, int to) {
		for (int i = from; i < to; i++) {
			char c = text.charAt(i);
			if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
				return false;
			}
		}
		return true;
	}

}
