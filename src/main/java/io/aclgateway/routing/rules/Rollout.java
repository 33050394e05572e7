package io.aclgateway.routing.rules;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;

import org.apache.commons.codec.digest.MurmurHash3;

import io.aclgateway.routing.client.Client;
import io.aclgateway.routing.client.WireNamed;

/**
 * A sticky percentage rollout: a key's bucket is MurmurHash3 x86 32-bit (seed 0) of the
 * key's UTF-8 bytes, taken as unsigned, modulo 100; the rule matches when the bucket is
 * below {@code percent}. The function is part of the routing contract: never change it.
 */
public record Rollout(int percent, By by) {

	public static final int BUCKETS = 100;

	/**
	 * The one check of the percent; the routing file parser reports its message under the
	 * field's name.
	 */
	public Rollout {
		if (percent < 0 || percent > 100) {
			throw new IllegalArgumentException("must be 0..100, was " + percent);
		}
		Objects.requireNonNull(by, "by");
	}

	/** Which cohort key a rollout hashes. */
	public enum By implements WireNamed {

		TENANT("tenant"), ACCOUNT("account");

		private final String wireName;

		By(String wireName) {
			this.wireName = wireName;
		}

		/** The name the routing file uses. */
		@Override
		public String wireName() {
			return wireName;
		}

		static Optional<By> fromWireName(String name) {
			return WireNamed.fromWireName(values(), name);
		}

	}

	/** The bucket, 0..99, of a cohort key. */
	public static int bucketOf(String key) {
		byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
		int hash = MurmurHash3.hash32x86(bytes, 0, bytes.length, 0);
		return (int) (Integer.toUnsignedLong(hash) % BUCKETS);
	}

	boolean includes(Client client) {
		String key = (by == By.TENANT) ? client.tenant() : client.account();
		return key != null && bucketOf(key) < percent;
	}

}
