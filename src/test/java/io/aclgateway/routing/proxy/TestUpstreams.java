package io.aclgateway.routing.proxy;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import org.springframework.util.unit.DataSize;

/**
 * Upstream settings for unit tests: the defaults of the configuration keys, one setting
 * changed at a time.
 */
public final class TestUpstreams {

	/** The defaults of {@code acl.*.circuit-breaker.*}. */
	public static final UpstreamsProperties.Breaker DEFAULT_BREAKER = new UpstreamsProperties.Breaker(50,
			Duration.ofSeconds(5), 80, 20, 100, Duration.ofSeconds(10), 5);

	private URI uri = URI.create("http://upstream:8080");

	private DataSize maxRequestSize = DataSize.ofMegabytes(256);

	private Map<String, DataSize> maxRequestSizes = Map.of();

	private int maxConcurrentRequests = 500;

	private int maxStreams = 1000;

	private boolean preserveHost = true;

	private UpstreamsProperties.Breaker breaker = DEFAULT_BREAKER;

	/** An upstream with the default settings. */
	public static TestUpstreams upstream() {
		return new TestUpstreams();
	}

	/** Both upstreams the same. */
	public static UpstreamsProperties both(TestUpstreams upstream) {
		return new UpstreamsProperties(upstream.build(), upstream.build());
	}

	public TestUpstreams maxRequestSize(DataSize size, Map<String, DataSize> byPath) {
		this.maxRequestSize = size;
		this.maxRequestSizes = byPath;
		return this;
	}

	public TestUpstreams maxConcurrentRequests(int max) {
		this.maxConcurrentRequests = max;
		return this;
	}

	public TestUpstreams maxStreams(int max) {
		this.maxStreams = max;
		return this;
	}

	public TestUpstreams preserveHost(boolean preserve) {
		this.preserveHost = preserve;
		return this;
	}

	public TestUpstreams breaker(UpstreamsProperties.Breaker breaker) {
		this.breaker = breaker;
		return this;
	}

	public UpstreamsProperties.Upstream build() {
		return new UpstreamsProperties.Upstream(uri, Duration.ofSeconds(2), Duration.ofSeconds(15), Map.of(),
				maxRequestSize, maxRequestSizes, maxConcurrentRequests, maxStreams, Duration.ofMinutes(5), preserveHost,
				breaker);
	}

}
