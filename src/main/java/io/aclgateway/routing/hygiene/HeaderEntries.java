package io.aclgateway.routing.hygiene;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.http.HttpHeaders;

/**
 * A request's or response's headers as their backing map holds them, one entry per name.
 * {@link HttpHeaders#headerSet()} and {@link HttpHeaders#headerNames()} first build a
 * case-insensitive set of every name, lower-casing each, on every call (Spring Framework
 * 7): on the proxy path that was most of the header filters' cost (docs/performance.md).
 * A backing map that is not case-insensitive (Netty's) may list one name in two cases,
 * each entry with all its values: callers treat names case-insensitively.
 */
final class HeaderEntries {

	private HeaderEntries() {
	}

	// The backing map is only read, never changed, and its entries are what
	// headerSet() reads too.
	@SuppressWarnings("deprecation")
	static Set<Map.Entry<String, List<String>>> of(HttpHeaders headers) {
		return headers.asMultiValueMap().entrySet();
	}

}
