package io.aclgateway.routing.proxy;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

import io.aclgateway.routing.rules.RequestPath;
import io.aclgateway.routing.rules.Target;

/**
 * The two upstreams, {@code acl.falcon.*} and {@code acl.legacy.*}; nothing else is ever
 * reached.
 */
@Validated
@ConfigurationProperties(UpstreamsProperties.PREFIX)
public record UpstreamsProperties(@Valid @NotNull Upstream falcon, @Valid @NotNull Upstream legacy) {

	public static final String PREFIX = "acl";

	/** The settings of {@code target}'s upstream. */
	public Upstream of(Target target) {
		return switch (target) {
			case FALCON -> falcon;
			case LEGACY -> legacy;
		};
	}

	/**
	 * One upstream API and how much the gateway trusts it.
	 *
	 * @param uri base URI: scheme, host and port only; the client's path and query are
	 * appended unchanged
	 * @param connectTimeout the longest wait for a TCP connection
	 * @param responseTimeout the longest wait for the response to start (its status and
	 * headers); once it has started, {@code streamIdleTimeout} applies instead
	 * @param responseTimeouts longer (or shorter) response timeouts by path pattern, for
	 * long polling; patterns as in the routing file, first match wins
	 * @param maxRequestSize the largest request body forwarded, counted on the bytes
	 * read; larger is 413
	 * @param maxRequestSizes other limits by path pattern (uploads), first match wins
	 * @param maxConcurrentRequests the bulkhead: requests waiting for their response to
	 * start at most; more are answered 503 at once
	 * @param maxStreams responses that have started and are still being received
	 * (downloads, server-sent events, WebSockets) at most; while that many are open, new
	 * requests are answered 503 at once
	 * @param streamIdleTimeout a started response with nothing read from the upstream for
	 * this long is closed
	 * @param preserveHost whether the upstream gets the client's {@code Host}
	 * (routing.md); off, it gets its own authority from {@code uri}
	 * @param circuitBreaker when to stop sending to a failing or slow upstream
	 */
	public record Upstream(@NotNull URI uri, @NotNull @DefaultValue("2s") Duration connectTimeout,
			@NotNull @DefaultValue("15s") Duration responseTimeout,
			@DefaultValue Map<String, Duration> responseTimeouts,
			@NotNull @DefaultValue("256MB") DataSize maxRequestSize,
			@DefaultValue Map<String, DataSize> maxRequestSizes, @DefaultValue("500") @Min(1) int maxConcurrentRequests,
			@DefaultValue("1000") @Min(1) int maxStreams, @NotNull @DefaultValue("5m") Duration streamIdleTimeout,
			@DefaultValue("true") boolean preserveHost, @Valid @DefaultValue Breaker circuitBreaker) {

		public Upstream {
			inNormalForm("response-timeouts", responseTimeouts);
			inNormalForm("max-request-sizes", maxRequestSizes);
		}

		// Requests are matched in their path's normal form: a pattern spelled otherwise
		// would silently never apply.
		private static void inNormalForm(String key, @Nullable Map<String, ?> byPattern) {
			if (byPattern == null) {
				return;
			}
			for (String pattern : byPattern.keySet()) {
				RequestPath read = RequestPath.of(pattern);
				if (read.refused()) {
					throw new IllegalArgumentException(key + "[" + pattern + "] has no single meaning ("
							+ read.problem() + "), so no request matches it");
				}
				if (!read.normal().equals(pattern)) {
					throw new IllegalArgumentException(key + "[" + pattern + "] is matched against a request path's "
							+ "normal form and would never apply as written: write it '" + read.normal() + "'");
				}
			}
		}

		/**
		 * Connections to this upstream at most: one per request waiting for its answer,
		 * one per stream.
		 */
		public int maxConnections() {
			return maxConcurrentRequests + maxStreams;
		}

		@AssertTrue(message = "must be an absolute http or https URI with a host and no path, query or fragment, "
				+ "for example http://falcon-api:8080")
		public boolean isBaseUri() {
			return uri == null || (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
					&& uri.getHost() != null
					&& (uri.getRawPath() == null || uri.getRawPath().isEmpty() || uri.getRawPath().equals("/"))
					&& uri.getRawQuery() == null && uri.getRawFragment() == null && uri.getRawUserInfo() == null);
		}

	}

	/**
	 * The circuit breaker of one upstream (resilience4j, count-based window).
	 *
	 * @param failureRateThreshold percent of failed calls (errors, timeouts, 5xx answers)
	 * that opens it
	 * @param slowCallDuration a call whose response starts later than this is slow
	 * @param slowCallRateThreshold percent of slow calls that opens it
	 * @param minimumCalls calls needed before the rates count
	 * @param windowSize the last calls the rates are taken over
	 * @param openDuration how long it stays open, answering 503 at once, before trying
	 * again
	 * @param halfOpenCalls trial calls let through after that
	 */
	public record Breaker(@DefaultValue("50") @Min(1) @Max(100) int failureRateThreshold,
			@NotNull @DefaultValue("5s") Duration slowCallDuration,
			@DefaultValue("80") @Min(1) @Max(100) int slowCallRateThreshold,
			@DefaultValue("20") @Min(1) int minimumCalls, @DefaultValue("100") @Min(1) int windowSize,
			@NotNull @DefaultValue("10s") Duration openDuration, @DefaultValue("5") @Min(1) int halfOpenCalls) {
	}

}
