package io.aclgateway.routing.hygiene;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import io.netty.handler.ipfilter.IpFilterRuleType;
import io.netty.handler.ipfilter.IpSubnetFilterRule;
import io.netty.util.NetUtil;
import org.jspecify.annotations.Nullable;

import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.util.StringUtils;
import org.springframework.web.server.ServerWebExchange;

import io.aclgateway.routing.proxy.InternalHeaders;
import io.aclgateway.routing.proxy.ProxyPipeline;

/**
 * Builds the headers an upstream receives in one pass over the client's, where the
 * gateway's own filters copied them once each: hop-by-hop headers dropped (the fixed ones
 * and those the {@code Connection} header names), {@code Content-Length} dropped beside
 * {@code Transfer-Encoding: chunked}, the gateway's internal headers dropped, and
 * {@code X-Forwarded-For/Proto/Host/Port} and {@code Forwarded} set. What a client claims
 * in those is kept only when it comes through a trusted proxy, so a client cannot spoof
 * its address to the upstreams. On responses (an instance of its own), the hop-by-hop
 * headers are dropped.
 */
class UpstreamHeadersFilter implements HttpHeadersFilter, Ordered {

	private static final String X_FORWARDED = "x-forwarded-";

	private static final String FORWARDED = "Forwarded";

	private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

	private final Type type;

	private final List<IpSubnetFilterRule> trustedProxies;

	/**
	 * Names never forwarded, by length, so that most names are passed after one array
	 * read, with no lower-casing.
	 */
	private final String[][] droppedByLength;

	/**
	 * @param type requests or responses: one instance of this filter for each
	 * @param trustedProxies addresses or CIDR blocks whose forwarding headers are kept
	 * @param hopByHop the hop-by-hop header names (the gateway's
	 * {@code filter.remove-hop-by-hop.headers}), dropped both ways
	 */
	UpstreamHeadersFilter(Type type, List<String> trustedProxies, Collection<String> hopByHop) {
		this.type = type;
		this.trustedProxies = trustedProxies.stream().map(UpstreamHeadersFilter::subnet).toList();
		this.droppedByLength = byLength(hopByHop);
	}

	private static IpSubnetFilterRule subnet(String entry) {
		String[] parts = entry.strip().split("/", 2);
		if (!NetUtil.isValidIpV4Address(parts[0]) && !NetUtil.isValidIpV6Address(parts[0])) {
			throw new IllegalArgumentException(ForwardingProperties.PREFIX + ".trusted-proxies: '" + entry
					+ "' is not an IP address or CIDR block");
		}
		int maxBits = NetUtil.isValidIpV4Address(parts[0]) ? 32 : 128;
		int bits;
		try {
			bits = (parts.length == 2) ? Integer.parseInt(parts[1]) : maxBits;
		}
		catch (NumberFormatException ex) {
			bits = -1;
		}
		if (bits < 0 || bits > maxBits) {
			throw new IllegalArgumentException(ForwardingProperties.PREFIX + ".trusted-proxies: '" + entry
					+ "' has a prefix length outside 0.." + maxBits);
		}
		return new IpSubnetFilterRule(parts[0], bits, IpFilterRuleType.ACCEPT);
	}

	private static String[][] byLength(Collection<String> names) {
		List<List<String>> lengths = new ArrayList<>();
		for (String name : names) {
			while (lengths.size() <= name.length()) {
				lengths.add(new ArrayList<>());
			}
			lengths.get(name.length()).add(name);
		}
		return lengths.stream().map(same -> same.toArray(String[]::new)).toArray(String[][]::new);
	}

	/**
	 * Whether the request comes from a trusted proxy, whose forwarding headers are passed
	 * on.
	 */
	boolean trusts(ServerHttpRequest request) {
		InetSocketAddress remote = request.getRemoteAddress();
		if (remote == null) {
			return false;
		}
		for (IpSubnetFilterRule rule : trustedProxies) {
			if (rule.matches(remote)) {
				return true;
			}
		}
		return false;
	}

	@Override
	public HttpHeaders filter(HttpHeaders input, ServerWebExchange exchange) {
		return (type == Type.REQUEST) ? request(input, exchange.getRequest()) : response(input);
	}

	private HttpHeaders request(HttpHeaders input, ServerHttpRequest request) {
		Set<String> listed = connectionOptions(input);
		boolean chunked = isChunkedWithLength(input);
		HttpHeaders forwarded = new HttpHeaders();
		for (Map.Entry<String, List<String>> header : HeaderEntries.of(input)) {
			String name = header.getKey();
			if (!isHopByHop(name, listed) && !isForwarding(name) && !isInternal(name)
					&& !(chunked && HttpHeaders.CONTENT_LENGTH.equalsIgnoreCase(name))) {
				// Each entry of a name carries all its values, whatever the case: the
				// first
				// one is kept, with its case.
				forwarded.putIfAbsent(name, new ArrayList<>(header.getValue()));
			}
		}
		setForwarding(forwarded, request);
		return forwarded;
	}

	/**
	 * The routing filter hands the response filters a map of its own, filled from the
	 * upstream's response: the few hop-by-hop headers are taken out of it rather than
	 * everything else copied.
	 */
	private HttpHeaders response(HttpHeaders input) {
		Set<String> listed = connectionOptions(input);
		List<String> dropped = new ArrayList<>(2);
		for (Map.Entry<String, List<String>> header : HeaderEntries.of(input)) {
			if (isHopByHop(header.getKey(), listed)) {
				dropped.add(header.getKey());
			}
		}
		if (dropped.isEmpty()) {
			return input;
		}
		try {
			dropped.forEach(input::remove);
			return input;
		}
		catch (UnsupportedOperationException readOnly) {
			HttpHeaders copy = new HttpHeaders();
			input.forEach((name, values) -> {
				if (!isHopByHop(name, listed)) {
					copy.addAll(name, values);
				}
			});
			return copy;
		}
	}

	/** The names listed in {@code Connection}, lower-cased; usually none. */
	private static Set<String> connectionOptions(HttpHeaders headers) {
		List<String> values = headers.get(HttpHeaders.CONNECTION);
		if (values == null || values.isEmpty()) {
			return Set.of();
		}
		Set<String> options = new HashSet<>();
		for (String value : values) {
			for (String option : StringUtils.tokenizeToStringArray(value, ",")) {
				options.add(option.toLowerCase(Locale.ROOT));
			}
		}
		return options;
	}

	/** RFC 9112 6.3: a chunked body's length is its chunks', never Content-Length's. */
	private static boolean isChunkedWithLength(HttpHeaders headers) {
		String transferEncoding = headers.getFirst(HttpHeaders.TRANSFER_ENCODING);
		return transferEncoding != null && "chunked".equalsIgnoreCase(transferEncoding.trim())
				&& headers.containsHeader(HttpHeaders.CONTENT_LENGTH);
	}

	private boolean isHopByHop(String name, Set<String> listed) {
		if (name.length() < droppedByLength.length) {
			for (String dropped : droppedByLength[name.length()]) {
				if (dropped.equalsIgnoreCase(name)) {
					return true;
				}
			}
		}
		return !listed.isEmpty() && listed.contains(name.toLowerCase(Locale.ROOT));
	}

	private static boolean isForwarding(String name) {
		return name.regionMatches(true, 0, X_FORWARDED, 0, X_FORWARDED.length()) || FORWARDED.equalsIgnoreCase(name);
	}

	private static boolean isInternal(String name) {
		for (String internal : InternalHeaders.NAMES) {
			if (internal.equalsIgnoreCase(name)) {
				return true;
			}
		}
		return false;
	}

	private void setForwarding(HttpHeaders forwarded, ServerHttpRequest request) {
		HttpHeaders received = request.getHeaders();
		InetSocketAddress remote = request.getRemoteAddress();
		boolean trusted = trusts(request);
		String client = (remote != null && remote.getAddress() != null) ? address(remote.getAddress()) : "unknown";
		String proto = request.getURI().getScheme();
		String host = received.getFirst(HttpHeaders.HOST);
		int port = request.getURI().getPort();

		forwarded.set("X-Forwarded-For", join(trusted ? joined(received, "X-Forwarded-For") : null, client));
		forwarded.set("X-Forwarded-Proto", claimed(trusted, received, "X-Forwarded-Proto", proto));
		if (host != null) {
			forwarded.set("X-Forwarded-Host", claimed(trusted, received, "X-Forwarded-Host", host));
		}
		if (port > 0) {
			forwarded.set("X-Forwarded-Port", claimed(trusted, received, "X-Forwarded-Port", String.valueOf(port)));
		}
		String element = "for="
				+ quoted(remote != null && remote.getAddress() instanceof Inet6Address ? "[" + client + "]" : client)
				+ ";proto=" + proto + ((host != null) ? ";host=" + quoted(host) : "");
		forwarded.set(FORWARDED, join(trusted ? joined(received, FORWARDED) : null, element));
	}

	private static String address(InetAddress address) {
		return NetUtil.toAddressString(address);
	}

	private static String claimed(boolean trusted, HttpHeaders received, String name, String own) {
		String claim = trusted ? received.getFirst(name) : null;
		return (claim != null && !claim.isBlank()) ? claim : own;
	}

	private static @Nullable String joined(HttpHeaders received, String name) {
		List<String> values = received.get(name);
		return (values == null || values.isEmpty()) ? null : String.join(", ", values);
	}

	private static String join(@Nullable String earlier, String own) {
		return (earlier == null || earlier.isBlank()) ? own : earlier + ", " + own;
	}

	/**
	 * RFC 7239 needs quotes around values with characters a token cannot hold, such as
	 * ':'.
	 */
	private static String quoted(String value) {
		return TOKEN.matcher(value).matches() ? value : "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
	}

	@Override
	public boolean supports(Type type) {
		return type == this.type;
	}

	@Override
	public int getOrder() {
		return ProxyPipeline.UPSTREAM_HEADERS;
	}

}
