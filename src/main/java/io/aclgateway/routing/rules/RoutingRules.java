package io.aclgateway.routing.rules;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.HashSet;

import io.aclgateway.routing.client.Client;
import io.aclgateway.routing.client.CohortHeaders;

/**
 * The routing file in force: a mode, a default target, the cohort header names and the rules,
 * first match wins. {@code version} identifies the file's content (a SHA-256 prefix).
 */
public record RoutingRules(Mode mode, Target defaultTarget, CohortHeaders cohortHeaders, List<Rule> rules,
		String version) {

	public RoutingRules {
		Objects.requireNonNull(mode, "mode");
		Objects.requireNonNull(defaultTarget, "defaultTarget");
		Objects.requireNonNull(cohortHeaders, "cohortHeaders");
		Objects.requireNonNull(version, "version");
		rules = List.copyOf(rules);
		Set<String> names = new HashSet<>();
		for (Rule rule : rules) {
			if (!names.add(rule.name())) {
				throw new IllegalArgumentException("duplicate rule name '" + rule.name() + "'");
			}
		}
	}

	/** What a missing routing file means: everything to legacy, as before the migration. */
	public static RoutingRules missingFile() {
		return new RoutingRules(Mode.RULES, Target.LEGACY, CohortHeaders.DEFAULT, List.of(), "none");
	}

	/**
	 * Decides on a request path's one meaning: every spelling of a path gets the decision of its normal form. A
	 * refused path keeps the target its normal form (as far as it goes) would get, so that the refusal speaks that
	 * target's dialect, and is labelled {@link RouteDecision#INVALID_PATH_RULE}.
	 */
	public RouteDecision decide(String method, RequestPath path, Client client) {
		RouteDecision decision = decide(new RouteRequest(method, path.normal(), client));
		return path.refused() ? decision.refusingPath() : decision;
	}

	/** Decides where a request goes. Pure: the same request and rules always give the same answer. */
	public RouteDecision decide(RouteRequest request) {
		return switch (mode) {
			case LEGACY_ONLY -> new RouteDecision(Target.LEGACY, mode.wireName());
			case FALCON_ONLY -> new RouteDecision(Target.FALCON, mode.wireName());
			case RULES -> rules.stream()
				.filter(rule -> rule.matches(request))
				.findFirst()
				.map(rule -> new RouteDecision(rule.target(), rule.name()))
				.orElseGet(() -> new RouteDecision(defaultTarget, RouteDecision.DEFAULT_RULE));
		};
	}

}
