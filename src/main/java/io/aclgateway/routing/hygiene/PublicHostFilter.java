package io.aclgateway.routing.hygiene;

import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ServerWebExchange;

import io.aclgateway.routing.proxy.DialectAnswer;
import io.aclgateway.routing.proxy.ExchangeDecisions;
import io.aclgateway.routing.proxy.ProxyPipeline;
import io.aclgateway.routing.proxy.UpstreamErrors;
import io.aclgateway.routing.proxy.UpstreamsProperties;
import io.aclgateway.routing.rules.Target;

/**
 * Forwards the client's {@code Host} to the upstreams that want it (routing.md: legacy
 * builds absolute URLs and cookie domains from it), and, when public host names are
 * configured, refuses any other {@code Host} before it is forwarded, so that a forged one
 * cannot steer those links. An {@code X-Forwarded-Host} a trusted proxy passes on is held
 * to the same list, since it is forwarded too and an upstream may build links from it.
 */
class PublicHostFilter implements GlobalFilter, Ordered {

	private static final String MESSAGE = "This host is not served here.";

	// One entry per target, put by the constructor: get(target) is never null.
	private final Map<Target, Boolean> preserveHost = new EnumMap<>(Target.class);

	private final Set<String> publicHosts;

	private final ExchangeDecisions decisions;

	private final UpstreamHeadersFilter forwarded;

	private final UpstreamErrors errors;

	PublicHostFilter(ExchangeDecisions decisions, UpstreamsProperties upstreams, List<String> publicHosts,
			UpstreamHeadersFilter forwarded, UpstreamErrors errors) {
		this.decisions = decisions;
		this.forwarded = forwarded;
		this.errors = errors;
		for (Target target : Target.values()) {
			this.preserveHost.put(target, upstreams.of(target).preserveHost());
		}
		this.publicHosts = publicHosts.stream()
			.map(String::strip)
			.filter(host -> !host.isEmpty())
			.map(PublicHostFilter::normal)
			.collect(Collectors.toUnmodifiableSet());
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		Target target = decisions.of(exchange).decision().target();
		if (!publicHosts.isEmpty()) {
			HttpHeaders headers = exchange.getRequest().getHeaders();
			List<String> hosts = headers.getValuesAsList(HttpHeaders.HOST);
			if (hosts.size() != 1) {
				// RFC 9112 3.2: no Host, or more than one, is a malformed request.
				return refuse(exchange, target, HttpStatus.BAD_REQUEST);
			}
			if (!isPublic(hosts.get(0)) || (forwarded.trusts(exchange.getRequest())
					&& !headers.getValuesAsList("X-Forwarded-Host").stream().allMatch(this::isPublic))) {
				return refuse(exchange, target, HttpStatus.MISDIRECTED_REQUEST);
			}
		}
		if (Objects.requireNonNull(preserveHost.get(target))) {
			exchange.getAttributes().put(ServerWebExchangeUtils.PRESERVE_HOST_HEADER_ATTRIBUTE, true);
		}
		return chain.filter(exchange);
	}

	private boolean isPublic(String host) {
		return publicHosts.contains(normal(host));
	}

	/**
	 * Host names are case-insensitive (RFC 9110 4.2.3); the port, when given, must match
	 * as listed.
	 */
	private static String normal(String host) {
		return host.strip().toLowerCase(Locale.ROOT);
	}

	private Mono<Void> refuse(ServerWebExchange exchange, Target target, HttpStatus status) {
		return DialectAnswer.counted(exchange, errors, target, status, UpstreamErrors.Code.UNKNOWN_HOST, MESSAGE, null);
	}

	@Override
	public int getOrder() {
		return ProxyPipeline.CHECK_PUBLIC_HOST;
	}

}
