package io.aclgateway.routing.proxy;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pipeline runs in the order its reasons need, with the values it had before the
 * order was stated in one place (Spring Cloud Gateway's write-response filter is -1,
 * route-to-URL 10000).
 */
class ProxyPipelineTests {

	@Test
	void theStagesRunInTheOrderTheirReasonsNeed() {
		assertThat(new int[] { ProxyPipeline.DECIDE, ProxyPipeline.REFUSE_AMBIGUOUS_PATH,
				ProxyPipeline.CHECK_PUBLIC_HOST, ProxyPipeline.DROP_UNDERSCORE_HEADERS,
				ProxyPipeline.LIMIT_REQUEST_SIZE, ProxyPipeline.GUARD_UPSTREAM, ProxyPipeline.SEE_RESPONSE_START,
				ProxyPipeline.EXACT_REQUEST_URL })
			.isSorted()
			.doesNotHaveDuplicates();
	}

	@Test
	void theOrdersAreThoseTheFiltersHadBefore() {
		assertThat(ProxyPipeline.DECIDE).isEqualTo(Integer.MIN_VALUE);
		assertThat(ProxyPipeline.REFUSE_AMBIGUOUS_PATH).isEqualTo(Integer.MIN_VALUE + 1);
		assertThat(ProxyPipeline.CHECK_PUBLIC_HOST).isEqualTo(Integer.MIN_VALUE + 2);
		assertThat(ProxyPipeline.DROP_UNDERSCORE_HEADERS).isEqualTo(Integer.MIN_VALUE + 3);
		assertThat(ProxyPipeline.LIMIT_REQUEST_SIZE).isEqualTo(-3);
		assertThat(ProxyPipeline.GUARD_UPSTREAM).isEqualTo(-2);
		assertThat(ProxyPipeline.SEE_RESPONSE_START).isEqualTo(0);
		assertThat(ProxyPipeline.EXACT_REQUEST_URL).isEqualTo(10001);
		assertThat(ProxyPipeline.UPSTREAM_HEADERS).isEqualTo(10);
	}

}
