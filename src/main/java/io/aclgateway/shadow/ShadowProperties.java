package io.aclgateway.shadow;

import java.time.Duration;
import java.util.List;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * The budgets of shadow reads ({@code acl.shadow.*}, shadow.md section 4); which requests
 * are shadowed is the routing file's {@code shadow} section.
 *
 * @param maxBodyBytes the most of each answer's body (and of a copied request body) kept
 * for comparing; a longer one is still served whole, and its comparison is skipped
 * @param timeout the longest a shadow read may take, connecting and the whole answer
 * included; past it the read is falcon_error (Falcon) or dropped (a second legacy read)
 * @param maxInFlight shadow reads open at once, per upstream; more are skipped
 * @param lagWindow how recently a room's events must have been delivered to legacy for a
 * difference in it to count as lagging
 * @param recheckDelays when a lagging comparison is read again, after its first reading;
 * none: lagging is final
 * @param maxQueuedComparisons comparisons waiting for a comparing thread at most; more
 * are skipped
 */
@Validated
@ConfigurationProperties(ShadowProperties.PREFIX)
public record ShadowProperties(@NotNull @DefaultValue("256KB") DataSize maxBodyBytes,
		@NotNull @DefaultValue("2s") Duration timeout, @DefaultValue("64") @Min(1) int maxInFlight,
		@NotNull @DefaultValue("10s") Duration lagWindow, @NotNull @DefaultValue( {
				"1s", "3s" }) List<Duration> recheckDelays,
		@DefaultValue("256") @Min(1) int maxQueuedComparisons){

	public static final String PREFIX = "acl.shadow";

	/**
	 * The largest body budget: a body is copied into one array, and a copy is held per
	 * shadow read in flight.
	 */
	static final long MAX_BODY_BUDGET = 16L * 1024 * 1024;

	public ShadowProperties {
		if (maxBodyBytes != null && (maxBodyBytes.toBytes() < 0 || maxBodyBytes.toBytes() > MAX_BODY_BUDGET)) {
			throw new IllegalArgumentException(
					PREFIX + ".max-body-bytes must be between 0 and 16MB, but is " + maxBodyBytes.toBytes() + "B");
		}
		if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
			throw new IllegalArgumentException(PREFIX + ".timeout must be more than 0");
		}
		recheckDelays = (recheckDelays != null) ? List.copyOf(recheckDelays) : List.of();
		if (recheckDelays.stream().anyMatch(delay -> delay.isNegative() || delay.isZero())) {
			throw new IllegalArgumentException(PREFIX + ".recheck-delays must each be more than 0");
		}
	}

	/** The body budget in bytes. */
	int bodyBudget() {
		return (int) maxBodyBytes.toBytes();
	}

}
