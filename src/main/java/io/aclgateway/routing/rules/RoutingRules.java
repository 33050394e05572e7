package io.aclgateway.routing.rules;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import io.aclgateway.routing.client.Client;
import io.aclgateway.routing.client.CohortHeaders;

/**
 * The routing file in force: a mode, a default target, the cohort header names, the
 * rules, first match wins, and the shadow section. {@code version} identifies the file's
 * content (a SHA-256 prefix).
 */
public record RoutingRules(Mode mode, Target defaultTarget, CohortHeaders cohortHeaders, List<Rule> rules,
		ShadowSection shadow, String version) {

	public RoutingRules {
		Objects.requireNonNull(mode, "mode");
		Objects.requireNonNull(defaultTarget, "defaultTarget");
		Objects.requireNonNull(cohortHeaders, "cohortHeaders");
		Objects.requireNonNull(shadow, "shadow");
		Objects.requireNonNull(version, "version");
		rules = List.copyOf(rules);
		Set<String> names = new HashSet<>();
		List<Integer> repeating = new ArrayList<>();
		for (int i = 0; i < rules.size(); i++) {
			if (!names.add(rules.get(i).name())) {
				repeating.add(i);
			}
		}
		if (!repeating.isEmpty()) {
			throw new DuplicateRuleNameException(rules, repeating);
		}
	}

	/**
	 * The refusal of rules whose names are not unique (a decision is labelled by its
	 * rule's name). It says which rules repeat a name, all of them, so that the routing
	 * file parser reports each at its place.
	 */
	static final class DuplicateRuleNameException extends IllegalArgumentException {

		private static final long serialVersionUID = 1L;

		/**
		 * What is wrong with each rule that repeats a name, by its position in the list
		 * given, in order.
		 */
		final transient Map<Integer, String> reasons;

		DuplicateRuleNameException(List<Rule> rules, List<Integer> repeating) {
			super(reason(rules.get(repeating.get(0))));
			Map<Integer, String> reasons = new LinkedHashMap<>();
			repeating.forEach(i -> reasons.put(i, reason(rules.get(i))));
			this.reasons = Collections.unmodifiableMap(reasons);
		}

		private static String reason(Rule rule) {
			return "'" + rule.name() + "' is used by an earlier rule";
		}

	}

	/**
	 * What a missing routing file means: everything to legacy, as before the migration.
	 */
	public static RoutingRules missingFile() {
		return new RoutingRules(Mode.RULES, Target.LEGACY, CohortHeaders.DEFAULT, List.of(), ShadowSection.NONE,
				"none");
	}

	/**
	 * Decides on a request path's one meaning: every spelling of a path gets the decision
	 * of its normal form. A refused path keeps the target its normal form (as far as it
	 * goes) would get, so that the refusal speaks that target's dialect, and is labelled
	 * {@link RouteDecision#INVALID_PATH_RULE}.
	 */
	public RouteDecision decide(String method, RequestPath path, Client client) {
		RouteDecision decision = decide(new RouteRequest(method, path.normal(), client));
		return path.refused() ? decision.refusingPath() : decision;
	}

	/**
	 * Decides where a request goes. Pure: the same request and rules always give the same
	 * answer.
	 */
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
