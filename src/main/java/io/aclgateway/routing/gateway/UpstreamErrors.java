package io.aclgateway.routing.gateway;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.HashMap;
import java.util.Objects;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import io.aclgateway.routing.rules.Target;

/**
 * Counts every answer the gateway writes itself in place of an upstream's, for a proxied request
 * ({@code acl_upstream_errors_total{target, code}}): the upstream's failures, and the requests the
 * gateway refused before they reached it (too large, unknown host, a header name with an underscore). Each code starts at 0.
 */
public class UpstreamErrors {

	/** The closed set of codes this counter is ever tagged with. */
	static final List<String> CODES = List.of(UpstreamFailure.UNAVAILABLE, UpstreamFailure.TIMEOUT,
			UpstreamFailure.TOO_MANY, RequestSizeLimit.CODE, PublicHostFilter.CODE, UnderscoreHeaders.CODE);

	// One entry per target, put by the constructor: get(target) is never null.
	private final Map<Target, Map<String, Counter>> counters = new EnumMap<>(Target.class);

	public UpstreamErrors(MeterRegistry meters) {
		for (Target target : Target.values()) {
			Map<String, Counter> byCode = new HashMap<>();
			for (String code : CODES) {
				byCode.put(code, Counter.builder("acl.upstream.errors")
					.description("Answers the gateway wrote itself in place of an upstream's, by target and code")
					.tag("target", target.wireName())
					.tag("code", code)
					.register(meters));
			}
			counters.put(target, Map.copyOf(byCode));
		}
	}

	/** Counts one answer; {@code code} is one of {@link #CODES}. */
	void count(Target target, String code) {
		Counter counter = Objects.requireNonNull(counters.get(target)).get(code);
		if (counter == null) {
			throw new IllegalArgumentException("not a counted code: " + code);
		}
		counter.increment();
	}

}
