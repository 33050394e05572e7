package io.aclgateway.routing.hygiene;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter.Type;
import org.springframework.cloud.gateway.filter.headers.RemoveHopByHopHeadersFilter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.aclgateway.routing.proxy.ExchangeDecisions;
import io.aclgateway.routing.proxy.UpstreamErrors;
import io.aclgateway.routing.proxy.UpstreamsProperties;

/** Wires the stages that hold each request to what an upstream may safely receive. */
@Configuration(proxyBeanMethods = false)
class HygieneConfiguration {

	/**
	 * The client's Host to the upstreams that keep it, and only the public host names let
	 * through.
	 */
	@Bean
	PublicHostFilter publicHostFilter(ExchangeDecisions decisions, UpstreamsProperties upstreams,
			ForwardingProperties forwarding, UpstreamHeadersFilter upstreamRequestHeaders, UpstreamErrors errors) {
		return new PublicHostFilter(decisions, upstreams, forwarding.publicHosts(), upstreamRequestHeaders, errors);
	}

	/** Paths with no single meaning are refused, not guessed at. */
	@Bean
	AmbiguousPathFilter ambiguousPathFilter(ExchangeDecisions decisions) {
		return new AmbiguousPathFilter(decisions);
	}

	/** {@code POST /events} however spelled is the events endpoint, never proxied. */
	@Bean
	EventsPathFilter eventsPathFilter() {
		return new EventsPathFilter();
	}

	/** Request bodies held to each upstream's size limit, on the bytes actually read. */
	@Bean
	RequestSizeLimitFilter requestSizeLimit(ExchangeDecisions decisions, UpstreamsProperties upstreams,
			UpstreamErrors errors) {
		return new RequestSizeLimitFilter(decisions, upstreams, errors);
	}

	/**
	 * Header names with underscores never reach an upstream, where PHP reads them as
	 * their dashed twins.
	 */
	@Bean
	UnderscoreHeadersFilter underscoreHeaders(ExchangeDecisions decisions, ForwardingProperties properties,
			MeterRegistry meters, UpstreamErrors errors) {
		return new UnderscoreHeadersFilter(decisions, properties.headersWithUnderscores(), meters, errors);
	}

	/**
	 * The headers an upstream receives, in one pass: our own forwarding headers, trusting
	 * only configured proxies, without hop-by-hop or internal ones. The gateway's own
	 * filters for those are left out of the routing filters
	 * (proxy.UpstreamHeaderFilters); their hop-by-hop names, a property of theirs, are
	 * kept.
	 */
	@Bean
	UpstreamHeadersFilter upstreamRequestHeaders(ForwardingProperties properties,
			RemoveHopByHopHeadersFilter hopByHop) {
		return new UpstreamHeadersFilter(Type.REQUEST, properties.trustedProxies(), hopByHop.getHeaders());
	}

	/** The upstream's answer without its hop-by-hop headers, in the same pass. */
	@Bean
	UpstreamHeadersFilter upstreamResponseHeaders(ForwardingProperties properties,
			RemoveHopByHopHeadersFilter hopByHop) {
		return new UpstreamHeadersFilter(Type.RESPONSE, properties.trustedProxies(), hopByHop.getHeaders());
	}

}
