package io.aclgateway.routing.proxy;

import java.util.List;

import io.aclgateway.routing.client.ClientClassifier;
import io.aclgateway.routing.client.CohortHeaders;
import io.aclgateway.routing.rules.Mode;
import io.aclgateway.routing.rules.RoutingRules;
import io.aclgateway.routing.rules.ShadowSection;
import io.aclgateway.routing.rules.Target;

/**
 * Exchange decisions for filter unit tests: every request to one target, by the default
 * rule.
 */
public final class TestDecisions {

	private TestDecisions() {
	}

	/** Every request to {@code target}, decided by rule {@code default}. */
	public static ExchangeDecisions to(Target target) {
		RoutingRules rules = new RoutingRules(Mode.RULES, target, CohortHeaders.DEFAULT, List.of(), ShadowSection.NONE,
				"test");
		return new ExchangeDecisions(new ClientClassifier(), () -> rules);
	}

}
