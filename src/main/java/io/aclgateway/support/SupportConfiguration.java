package io.aclgateway.support;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Beans every feature may use. */
@Configuration(proxyBeanMethods = false)
class SupportConfiguration {

	/** The one clock: reload times, signature freshness; tests replace it. */
	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

}
