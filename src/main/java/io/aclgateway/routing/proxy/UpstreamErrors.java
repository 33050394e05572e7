package io.aclgateway.routing.proxy;

import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import io.aclgateway.routing.rules.Target;

/**
 * Counts every answer the gateway writes itself in place of an upstream's, for a proxied
 * request ({@code acl_upstream_errors_total{target, code}}): the upstream's failures, and
 * the requests the gateway refused before they reached it (too large, unknown host, a
 * header name with an underscore), and those the server could not read (counted under
 * legacy, in whose dialect they are answered). Each code starts at 0.
 */
public class UpstreamErrors {

	/**
	 * The closed set of codes this counter is ever tagged with, each the {@code code} of
	 * the answer's body.
	 */
	public enum Code {

		/** The upstream could not be reached, failed, or its breaker is open. */
		UPSTREAM_UNAVAILABLE("upstream_unavailable"),

		/** The upstream did not answer in time. */
		UPSTREAM_TIMEOUT("upstream_timeout"),

		/** The upstream's bulkhead or stream limit is full. */
		TOO_MANY_REQUESTS("too_many_requests"),

		/** The request body is over its upstream's limit. */
		REQUEST_TOO_LARGE("request_too_large"),

		/** The {@code Host} is not one of the public host names. */
		UNKNOWN_HOST("unknown_host"),

		/** A header name holds an underscore and such requests are refused. */
		INVALID_HEADER("invalid_header"),

		/** The request headers are over the server's limit (the codec's answer). */
		HEADERS_TOO_LARGE("headers_too_large"),

		/** The request line is over the server's limit (the codec's answer). */
		URI_TOO_LONG("uri_too_long"),

		/** The request is not HTTP the codec can read, or its target is no URI. */
		MALFORMED_REQUEST("malformed_request"),

		/** The request head was not whole within {@code acl.server.header-timeout}. */
		REQUEST_TIMEOUT("request_timeout");

		private final String wireName;

		Code(String wireName) {
			this.wireName = wireName;
		}

		/** The code as the answer's body and the metric's tag spell it. */
		public String wireName() {
			return wireName;
		}

		/** The code spelled so; an answer with a code outside the set is a bug. */
		public static Code ofWireName(String wireName) {
			for (Code code : values()) {
				if (code.wireName.equals(wireName)) {
					return code;
				}
			}
			throw new IllegalArgumentException("No upstream error code " + wireName);
		}

	}

	private final Map<Target, Map<Code, Counter>> counters = new EnumMap<>(Target.class);

	public UpstreamErrors(MeterRegistry meters) {
		for (Target target : Target.values()) {
			Map<Code, Counter> byCode = new EnumMap<>(Code.class);
			for (Code code : Code.values()) {
				byCode.put(code, Counter.builder("acl.upstream.errors")
					.description("Answers the gateway wrote itself in place of an upstream's, by target and code")
					.tag("target", target.wireName())
					.tag("code", code.wireName())
					.register(meters));
			}
			counters.put(target, byCode);
		}
	}

	/** Counts one answer. */
	public void count(Target target, Code code) {
		// Every target and code is registered in the constructor.
		Objects.requireNonNull(Objects.requireNonNull(counters.get(target)).get(code)).increment();
	}

}
