package io.aclgateway.routing.hygiene;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import io.aclgateway.routing.client.ClientClassifier;
import io.aclgateway.routing.client.Platform;
import io.aclgateway.routing.proxy.ExchangeDecisions;
import io.aclgateway.routing.proxy.UpstreamErrors;
import io.aclgateway.routing.rules.RoutingRules;
import io.aclgateway.routing.rules.Target;

import static org.assertj.core.api.Assertions.assertThat;

/** Unit tests of the underscore-header filter's counters. */
class UnderscoreHeadersTests {

	@Test
	void exportsEveryTargetAndPlatformAtZeroBeforeTheFirstDrop() {
		SimpleMeterRegistry meters = new SimpleMeterRegistry();

		new UnderscoreHeadersFilter(new ExchangeDecisions(new ClientClassifier(), RoutingRules::missingFile),
				UnderscoreHeadersFilter.Action.DROP, meters, new UpstreamErrors(meters));

		for (Target target : Target.values()) {
			for (Platform platform : Platform.values()) {
				assertThat(meters.find("acl.dropped.headers")
					.tag("target", target.wireName())
					.tag("platform", platform.wireName())
					.counter()).as(target + " " + platform).isNotNull().satisfies(c -> assertThat(c.count()).isZero());
			}
		}
	}

}
