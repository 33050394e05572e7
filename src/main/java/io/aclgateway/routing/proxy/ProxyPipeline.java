package io.aclgateway.routing.proxy;

import org.springframework.cloud.gateway.filter.NettyRoutingFilter;
import org.springframework.cloud.gateway.filter.NettyWriteResponseFilter;
import org.springframework.cloud.gateway.filter.RouteToRequestUrlFilter;
import org.springframework.core.Ordered;

/**
 * The order of the proxy pipeline, stated once: every filter of ours returns one of these
 * from {@code getOrder()}. Lower runs first on the way in (and last on the way out). The
 * gateway's own filters give the landmarks: {@link RouteToRequestUrlFilter} (10000) sets
 * the upstream URL, {@link NettyWriteResponseFilter} (-1) writes the upstream's body once
 * the routing filter ({@code Integer.MAX_VALUE}) has the response head. The answers to
 * errors that reach Spring's error handling are ordered apart, in
 * {@code support.ErrorAnswers} (-2, management -3), as exception handlers rather than
 * filters.
 */
public final class ProxyPipeline {

	/**
	 * Decide and count: first of all, so that a request refused later on (its path, its
	 * size) is counted and labelled too, and every later stage answers in the dialect of
	 * its target.
	 */
	public static final int DECIDE = Ordered.HIGHEST_PRECEDENCE;

	/**
	 * Refuse a path with no single meaning: right after the decision, before anything
	 * else looks at the path.
	 */
	public static final int REFUSE_AMBIGUOUS_PATH = DECIDE + 1;

	/**
	 * Hold the {@code Host} to the public names: the answer's dialect comes from the
	 * decision, and the host must be checked before anything reads the body or reaches an
	 * upstream.
	 */
	public static final int CHECK_PUBLIC_HOST = DECIDE + 2;

	/**
	 * Drop (or refuse) header names with underscores: after the path and host checks, so
	 * that a request refused for those is not counted here, before anything reads or
	 * forwards the headers.
	 */
	public static final int DROP_UNDERSCORE_HEADERS = DECIDE + 3;

	/**
	 * Arrange a shadow read (shadow.md): after the checks that refuse a request or change
	 * its headers, so that only a request about to be forwarded is copied, with the
	 * headers legacy gets; outside the size limit, the guard and the body writer, so that
	 * the legacy body it tees is the one the client receives, an answer the gateway gives
	 * itself is seen as such, and the request body it tees is read once whatever the
	 * guard's retries do.
	 */
	public static final int SHADOW = DROP_UNDERSCORE_HEADERS + 1;

	/**
	 * Guard the upstream (stream limit, bulkhead, breaker, retries, the dialect answer
	 * when it fails): outside the filter that writes the upstream's body, so that a
	 * response that breaks before its first byte reaches the client is still answered in
	 * dialect.
	 */
	public static final int GUARD_UPSTREAM = NettyWriteResponseFilter.WRITE_RESPONSE_FILTER_ORDER - 1;

	/**
	 * Hold the body to its size limit: just outside the guard, so that the guard (and its
	 * retries) sees a body that is already held to the limit.
	 */
	public static final int LIMIT_REQUEST_SIZE = GUARD_UPSTREAM - 1;

	/**
	 * See the response head arrive: inside the body writer, so that this stage's chain
	 * ends with the routing call, which ends when the head is in, before a byte of the
	 * body.
	 */
	public static final int SEE_RESPONSE_START = NettyWriteResponseFilter.WRITE_RESPONSE_FILTER_ORDER + 1;

	/**
	 * Time the request as an upstream's: where the gateway's own metrics filter stood, so
	 * that {@code spring_cloud_gateway_requests_seconds} measures what it always did.
	 */
	public static final int TIME_UPSTREAM = NettyWriteResponseFilter.WRITE_RESPONSE_FILTER_ORDER + 1;

	/**
	 * Time the wait for the upstream's response head: right outside the routing filters,
	 * so that only the upstream call is timed, as the gateway's routing filter timed it.
	 */
	public static final int TIME_OUT_RESPONSE_START = NettyRoutingFilter.ORDER - 2;

	/**
	 * Send the path's normal form and the query byte for byte: where the gateway built
	 * the upstream URL (its filter for that is off: this one replaces it), before
	 * anything reads that URL.
	 */
	public static final int EXACT_REQUEST_URL = RouteToRequestUrlFilter.ROUTE_TO_URL_FILTER_ORDER + 1;

	/**
	 * Among the header filters (a chain of their own, run by the routing filters): the
	 * upstream's headers built in one pass, before any other filter (tracing's) adds to
	 * them.
	 */
	public static final int UPSTREAM_HEADERS = 10;

	private ProxyPipeline() {
	}

}
