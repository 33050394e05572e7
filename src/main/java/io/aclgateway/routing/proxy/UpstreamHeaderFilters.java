package io.aclgateway.routing.proxy;

import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.cloud.gateway.filter.headers.ForwardedHeadersFilter;
import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.cloud.gateway.filter.headers.RemoveForwardedHeadersFilter;
import org.springframework.cloud.gateway.filter.headers.RemoveHopByHopHeadersFilter;
import org.springframework.cloud.gateway.filter.headers.RemoveXForwardedHeadersFilter;
import org.springframework.cloud.gateway.filter.headers.TransferEncodingNormalizationHeadersFilter;
import org.springframework.cloud.gateway.filter.headers.XForwardedHeadersFilter;

/**
 * The header filters every upstream call goes through: each {@link HttpHeadersFilter}
 * bean in order, except the gateway's own that {@code hygiene.UpstreamHeadersFilter} does
 * in its single pass. Each of those copies the headers into a new case-insensitive map
 * (the top self time of the routing profile), and the gateway creates them whatever its
 * properties say, so the routing filters are given this list instead of every bean.
 */
public final class UpstreamHeaderFilters implements ObjectProvider<List<HttpHeadersFilter>> {

	/**
	 * Hop-by-hop removal, transfer-encoding normalisation and the forwarding headers
	 * (removed, or set by the gateway's own rules): done in the one pass.
	 */
	static final Set<Class<?>> REPLACED = Set.of(RemoveHopByHopHeadersFilter.class,
			TransferEncodingNormalizationHeadersFilter.class, RemoveForwardedHeadersFilter.class,
			RemoveXForwardedHeadersFilter.class, ForwardedHeadersFilter.class, XForwardedHeadersFilter.class);

	private final ObjectProvider<HttpHeadersFilter> beans;

	private volatile @Nullable List<HttpHeadersFilter> filters;

	UpstreamHeaderFilters(ObjectProvider<HttpHeadersFilter> beans) {
		this.beans = beans;
	}

	/**
	 * The filters, looked up when first needed (they are beans like the filters using
	 * them).
	 */
	@Override
	public List<HttpHeadersFilter> getObject() {
		List<HttpHeadersFilter> known = filters;
		if (known == null) {
			known = beans.orderedStream().filter(filter -> !REPLACED.contains(filter.getClass())).toList();
			filters = known;
		}
		return known;
	}

	@Override
	public List<HttpHeadersFilter> getIfAvailable() {
		return getObject();
	}

}
