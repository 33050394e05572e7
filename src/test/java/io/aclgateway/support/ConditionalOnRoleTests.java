package io.aclgateway.support;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code acl.role} switches each half's beans: both by default, relaxed spelling, and a
 * value that is no role stops start-up naming the key.
 */
class ConditionalOnRoleTests {

	private final ApplicationContextRunner context = new ApplicationContextRunner().withUserConfiguration(Halves.class);

	@Test
	void bothHalvesByDefault() {
		context.run(started -> assertThat(started).hasBean("proxy").hasBean("relay"));
	}

	@Test
	void gatewayRunsOnlyTheProxyHalf() {
		context.withPropertyValues("acl.role=gateway")
			.run(started -> assertThat(started).hasBean("proxy").doesNotHaveBean("relay"));
	}

	@Test
	void relayRunsOnlyTheRelayHalfInAnySpelling() {
		context.withPropertyValues("acl.role=RELAY")
			.run(started -> assertThat(started).doesNotHaveBean("proxy").hasBean("relay"));
	}

	@Test
	void aValueThatIsNoRoleStopsStartUpNamingTheKey() {
		context.withPropertyValues("acl.role=proxy")
			.run(started -> assertThat(started).hasFailed().getFailure().rootCause().hasMessageContaining("proxy"));
		context.withPropertyValues("acl.role=proxy")
			.run(started -> assertThat(started.getStartupFailure()).hasStackTraceContaining("acl.role"));
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(RoleProperties.class)
	static class Halves {

		@Bean
		@ConditionalOnRole({ InstanceRole.BOTH, InstanceRole.GATEWAY })
		String proxy() {
			return "proxy";
		}

		@Bean
		@ConditionalOnRole({ InstanceRole.BOTH, InstanceRole.RELAY })
		String relay() {
			return "relay";
		}

	}

}
