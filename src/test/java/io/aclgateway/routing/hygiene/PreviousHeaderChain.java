package io.aclgateway.routing.hygiene;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Locale;

import io.netty.handler.ipfilter.IpFilterRuleType;
import io.netty.handler.ipfilter.IpSubnetFilterRule;
import io.netty.util.NetUtil;
import org.jspecify.annotations.Nullable;

import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.cloud.gateway.filter.headers.RemoveForwardedHeadersFilter;
import org.springframework.cloud.gateway.filter.headers.RemoveHopByHopHeadersFilter;
import org.springframework.cloud.gateway.filter.headers.RemoveXForwardedHeadersFilter;
import org.springframework.cloud.gateway.filter.headers.TransferEncodingNormalizationHeadersFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;

/**
 * The request and response header filters the routing filter ran before
 * {@link UpstreamHeadersFilter} (commit 8fe0939), kept as the reference it is held to:
 * the gateway's own in their order, with ours of then copied here unchanged.
 */
final class PreviousHeaderChain {

	private PreviousHeaderChain() {
	}

	/** The request chain, in the order the gateway sorted it (tracing's filter aside). */
	static List<HttpHeadersFilter> request(List<String> trustedProxies) {
		return List.of(new RemoveXForwardedHeadersFilter(), new RemoveForwardedHeadersFilter(),
				new TrustedForwarded(trustedProxies), new TransferEncodingNormalizationHeadersFilter(),
				new RemoveHopByHopHeadersFilter(), new Internal());
	}

	/** The response chain (tracing's filter aside). */
	static List<HttpHeadersFilter> response() {
		return List.of(new RemoveHopByHopHeadersFilter());
	}

	/** TrustedForwardedHeadersFilter as of 8fe0939. */
	static final class TrustedForwarded implements HttpHeadersFilter, Ordered {

		private static final List<String> FORWARDING = List.of("x-forwarded-for", "x-forwarded-proto",
				"x-forwarded-host", "x-forwarded-port", "x-forwarded-prefix", "forwarded");

		private final List<IpSubnetFilterRule> trustedProxies;

		TrustedForwarded(List<String> trustedProxies) {
			this.trustedProxies = trustedProxies.stream().map(TrustedForwarded::subnet).toList();
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

		/**
		 * Whether the request comes from a trusted proxy, whose forwarding headers are
		 * passed on.
		 */
		boolean trusts(ServerHttpRequest request) {
			InetSocketAddress remote = request.getRemoteAddress();
			return remote != null && trustedProxies.stream().anyMatch(rule -> rule.matches(remote));
		}

		@Override
		public HttpHeaders filter(HttpHeaders input, ServerWebExchange exchange) {
			ServerHttpRequest request = exchange.getRequest();
			HttpHeaders received = request.getHeaders();
			InetSocketAddress remote = request.getRemoteAddress();
			boolean trusted = trusts(request);

			HttpHeaders forwarded = new HttpHeaders();
			input.forEach((name, values) -> {
				if (!FORWARDING.contains(name.toLowerCase(Locale.ROOT))) {
					forwarded.addAll(name, values);
				}
			});
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
					+ quoted(
							remote != null && remote.getAddress() instanceof Inet6Address ? "[" + client + "]" : client)
					+ ";proto=" + proto + ((host != null) ? ";host=" + quoted(host) : "");
			forwarded.set("Forwarded", join(trusted ? joined(received, "Forwarded") : null, element));
			return forwarded;
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
		 * RFC 7239 needs quotes around values with characters a token cannot hold, such
		 * as ':'.
		 */
		private static String quoted(String value) {
			return value.matches("[!#$%&'*+.^_`|~0-9A-Za-z-]+") ? value
					: "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
		}

		@Override
		public boolean supports(Type type) {
			return type == Type.REQUEST;
		}

		@Override
		public int getOrder() {
			return 10;
		}

	}

	/** InternalHeadersFilter as of 8fe0939. */
	static final class Internal implements HttpHeadersFilter {

		static final List<String> NAMES = List.of("X-Routed-To", "X-Route-Rule", "X-Shadow-Request");

		@Override
		public HttpHeaders filter(HttpHeaders input, ServerWebExchange exchange) {
			if (NAMES.stream().noneMatch(input::containsHeader)) {
				return input;
			}
			HttpHeaders filtered = new HttpHeaders();
			filtered.putAll(input);
			NAMES.forEach(filtered::remove);
			return filtered;
		}

		@Override
		public boolean supports(Type type) {
			return type == Type.REQUEST;
		}

	}

}
