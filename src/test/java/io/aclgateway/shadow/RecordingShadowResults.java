package io.aclgateway.shadow;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * Test configuration: every shadow result of the booted gateway kept in a
 * {@link RecordedShadowResults} the test reads, in place of the reporting one.
 */
@TestConfiguration(proxyBeanMethods = false)
class RecordingShadowResults {

	@Bean
	@Primary
	RecordedShadowResults recordedShadowResults() {
		return new RecordedShadowResults();
	}

}
