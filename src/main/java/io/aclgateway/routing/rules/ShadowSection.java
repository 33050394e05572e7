package io.aclgateway.routing.rules;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

import io.aclgateway.routing.client.Client;

/**
 * The routing file's optional {@code shadow} section (shadow.md section 1): the share of
 * eligible requests shadowed, the share of those for which legacy is asked twice, and the
 * rules, first match wins.
 */
public record ShadowSection(int percent, int noisePercent, List<ShadowRule> rules) {

	/** No shadow section: nothing is shadowed. */
	public static final ShadowSection NONE = new ShadowSection(0, 0, List.of());

	public ShadowSection {
		Objects.requireNonNull(rules, "rules");
		rules = List.copyOf(rules);
	}

	/** The first rule that selects the request, if any. */
	public Optional<ShadowRule> ruleFor(RouteRequest request) {
		return rules.stream().filter(rule -> rule.selects(request)).findFirst();
	}

	/**
	 * Whether this request falls in the shadowed share: sticky by account when the client
	 * names one (a hash of its own, not the rollout buckets), otherwise by
	 * {@code perRequest}, a number drawn for this request in 0..99.
	 */
	public boolean sampled(Client client, int perRequest) {
		// TODO(shadow-rules): account hash with its own seed/salt; else perRequest <
		// percent
		return perRequest < percent;
	}

	/**
	 * Whether a shadowed request also gets a second legacy read, given a draw in 0..99.
	 */
	public boolean noiseSampled(int perRequest) {
		return perRequest < noisePercent;
	}

}
