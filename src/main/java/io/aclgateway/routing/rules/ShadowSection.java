package io.aclgateway.routing.rules;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import io.aclgateway.routing.client.Client;

/**
 * The routing file's optional {@code shadow} section (shadow.md section 1): the share of
 * eligible requests shadowed, the share of those for which legacy is asked twice, and the
 * rules, first match wins.
 */
public record ShadowSection(int percent, int noisePercent, List<ShadowRule> rules) {

	/**
	 * The header a copy to Falcon carries ({@code 1}), so that Falcon can refuse side
	 * effects; removed from every client request, so that only the gateway sets it.
	 */
	public static final String REQUEST_HEADER = "X-Shadow-Request";

	/** No shadow section: nothing is shadowed. */
	public static final ShadowSection NONE = new ShadowSection(0, 0, List.of());

	/**
	 * What an account's text is prefixed with before it is hashed, so that its shadow
	 * bucket is not its rollout bucket: a cohort a rollout is about to move is sampled
	 * like any other.
	 */
	static final String SALT = "shadow:";

	/** Refuses shares out of 0..100 and rule names used twice. */
	public ShadowSection {
		Objects.requireNonNull(rules, "rules");
		rules = List.copyOf(rules);
		checkPercent(percent, "percent");
		checkPercent(noisePercent, "noise-percent");
		Set<String> names = new HashSet<>();
		for (ShadowRule rule : rules) {
			if (!names.add(rule.name())) {
				throw new IllegalArgumentException("'" + rule.name() + "' is used by an earlier shadow rule");
			}
		}
	}

	private static void checkPercent(int value, String field) {
		if (value < 0 || value > 100) {
			throw new IllegalArgumentException(field + " must be 0..100, was " + value);
		}
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
		String account = client.account();
		return ((account != null) ? bucketOf(account) : perRequest) < percent;
	}

	/**
	 * An account's shadow bucket, 0..99: the rollout's bucket function (MurmurHash3 x86
	 * 32-bit, seed 0, unsigned, mod 100) of {@code "shadow:"} followed by the account id.
	 * Pure, so an account is shadowed on every replica or on none.
	 */
	public static int bucketOf(String account) {
		return Rollout.bucketOf(SALT + account);
	}

	/**
	 * Whether a shadowed request also gets a second legacy read, given a draw in 0..99.
	 */
	public boolean noiseSampled(int perRequest) {
		return perRequest < noisePercent;
	}

	/**
	 * Whether a request shadowed by {@code rule} also gets a second legacy read: never
	 * for a rule whose legacy reads are not repeatable, else as
	 * {@link #noiseSampled(int)}.
	 */
	public boolean noiseSampled(ShadowRule rule, int perRequest) {
		return rule.repeatable() && noiseSampled(perRequest);
	}

}
