package io.aclgateway.routing.rules;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.aclgateway.routing.client.Client;
import io.aclgateway.routing.client.Platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Rollout buckets as routing.md defines them: a pure, sticky function of the key's text,
 * evenly spread, where raising the percent only ever adds keys.
 */
class RolloutTests {

	private static final int KEYS = 10_000;

	/** Account-like keys {@code acct-0} .. {@code acct-9999}. */
	private static final List<String> ACCOUNT_KEYS = IntStream.range(0, KEYS).mapToObj(i -> "acct-" + i).toList();

	/**
	 * Distinct random numeric ids, from a fixed seed so that the test is reproducible.
	 */
	private static final List<String> NUMERIC_KEYS = numericKeys(KEYS, 20240501L);

	private static final int[] PERCENTS = { 0, 1, 10, 25, 50, 75, 99, 100 };

	static Stream<Arguments> keySetsAndPercents() {
		List<Arguments> cases = new ArrayList<>();
		for (int percent : new int[] { 1, 10, 25, 50, 75, 99 }) {
			cases.add(arguments("acct-N", ACCOUNT_KEYS, percent));
			cases.add(arguments("numeric", NUMERIC_KEYS, percent));
		}
		return cases.stream();
	}

	@ParameterizedTest(name = "{0} keys at {2}%")
	@MethodSource("keySetsAndPercents")
	void shareOfIncludedKeysIsWithinOnePointOfThePercent(String description, List<String> keys, int percent) {
		assertThat(Set.copyOf(keys)).hasSize(KEYS);
		Rollout rollout = new Rollout(percent, Rollout.By.ACCOUNT);
		long included = keys.stream().filter(key -> rollout.includes(account(key))).count();
		double share = 100.0 * included / keys.size();
		assertThat(share).isCloseTo(percent, within(1.0));
	}

	@Test
	void everyBucketIsUsedAndNoneIsCrowded() {
		int[] counts = new int[Rollout.BUCKETS];
		ACCOUNT_KEYS.forEach(key -> counts[Rollout.bucketOf(key)]++);
		NUMERIC_KEYS.forEach(key -> counts[Rollout.bucketOf(key)]++);
		// 20,000 keys, 200 per bucket expected; a fair hash stays well inside 100..300.
		assertThat(IntStream.of(counts).boxed().toList()).allSatisfy(count -> assertThat(count).isBetween(100, 300));
	}

	@Test
	void bucketsAreBetweenZeroAndNinetyNine() {
		Stream.concat(ACCOUNT_KEYS.stream(), NUMERIC_KEYS.stream())
			.forEach(key -> assertThat(Rollout.bucketOf(key)).isBetween(0, Rollout.BUCKETS - 1));
		assertThat(Rollout.BUCKETS).isEqualTo(100);
	}

	@Test
	void zeroPercentIncludesNoKey() {
		Rollout none = new Rollout(0, Rollout.By.ACCOUNT);
		Stream.concat(ACCOUNT_KEYS.stream(), NUMERIC_KEYS.stream())
			.forEach(key -> assertThat(none.includes(account(key))).as(key).isFalse());
	}

	@Test
	void oneHundredPercentIncludesEveryKey() {
		Rollout all = new Rollout(100, Rollout.By.ACCOUNT);
		Stream.concat(ACCOUNT_KEYS.stream(), NUMERIC_KEYS.stream())
			.forEach(key -> assertThat(all.includes(account(key))).as(key).isTrue());
	}

	@Test
	void aKeyAlwaysLandsInTheSameBucket() {
		Stream.concat(ACCOUNT_KEYS.stream(), NUMERIC_KEYS.stream()).forEach(key -> {
			int bucket = Rollout.bucketOf(key);
			for (int i = 0; i < 3; i++) {
				// A fresh String with the same text, not the same instance.
				assertThat(Rollout.bucketOf(new String(key.toCharArray()))).as(key).isEqualTo(bucket);
			}
		});
	}

	@Test
	void aKeyIsIncludedTheSameWayEveryTimeAtTheSamePercent() {
		Rollout quarter = new Rollout(25, Rollout.By.TENANT);
		for (String key : ACCOUNT_KEYS) {
			boolean first = quarter.includes(tenant(key));
			for (int i = 0; i < 3; i++) {
				assertThat(new Rollout(25, Rollout.By.TENANT).includes(tenant(key))).as(key).isEqualTo(first);
			}
		}
	}

	@Test
	void raisingThePercentNeverMovesAKeyBack() {
		Stream.concat(ACCOUNT_KEYS.stream(), NUMERIC_KEYS.stream()).forEach(key -> {
			Client client = account(key);
			// Included at p implies included at p + 1, hence at every q > p.
			boolean includedBelow = false;
			for (int percent = 0; percent <= 100; percent++) {
				boolean included = new Rollout(percent, Rollout.By.ACCOUNT).includes(client);
				assertThat(included || !includedBelow).as("%s included below %d%% but not at it", key, percent)
					.isTrue();
				includedBelow = included;
			}
			assertThat(includedBelow).as("%s at 100%%", key).isTrue();
		});
	}

	@Test
	void aKeyIsIncludedExactlyFromThePercentAboveItsBucket() {
		for (String key : ACCOUNT_KEYS.subList(0, 500)) {
			int bucket = Rollout.bucketOf(key);
			for (int percent : PERCENTS) {
				assertThat(new Rollout(percent, Rollout.By.ACCOUNT).includes(account(key)))
					.as("%s at %d%%", key, percent)
					.isEqualTo(bucket < percent);
			}
		}
	}

	@Test
	void aRolloutWhoseKeyIsAbsentNeverMatches() {
		for (int percent : PERCENTS) {
			Client withoutAccount = new Client(Platform.IOS, null, "1001", null);
			Client withoutTenant = new Client(Platform.IOS, null, null, "acct-1");
			assertThat(new Rollout(percent, Rollout.By.ACCOUNT).includes(withoutAccount)).isFalse();
			assertThat(new Rollout(percent, Rollout.By.TENANT).includes(withoutTenant)).isFalse();
			assertThat(new Rollout(percent, Rollout.By.ACCOUNT).includes(Client.unknown())).isFalse();
			assertThat(new Rollout(percent, Rollout.By.TENANT).includes(Client.unknown())).isFalse();
		}
	}

	@Test
	void aRolloutHashesOnlyTheKeyItIsBy() {
		String inside = firstKeyWithBucket(bucket -> bucket < 50);
		String outside = firstKeyWithBucket(bucket -> bucket >= 50);
		Rollout byTenant = new Rollout(50, Rollout.By.TENANT);
		Rollout byAccount = new Rollout(50, Rollout.By.ACCOUNT);
		assertThat(byTenant.includes(new Client(Platform.WEB, null, inside, outside))).isTrue();
		assertThat(byTenant.includes(new Client(Platform.WEB, null, outside, inside))).isFalse();
		assertThat(byAccount.includes(new Client(Platform.WEB, null, outside, inside))).isTrue();
		assertThat(byAccount.includes(new Client(Platform.WEB, null, inside, outside))).isFalse();
	}

	@ParameterizedTest
	@ValueSource(ints = { -1, 101, Integer.MIN_VALUE, Integer.MAX_VALUE })
	void aPercentOutsideZeroToOneHundredIsRefused(int percent) {
		assertThatIllegalArgumentException().isThrownBy(() -> new Rollout(percent, Rollout.By.ACCOUNT));
	}

	// The bucket function is part of the contract: these values must never change.

	@ParameterizedTest(name = "bucketOf(\"{0}\") = {1}")
	@CsvSource(delimiter = '|', value = { "''|0", "hello|51", "a|50", "1001|15", "1002|70", "acct-0|8", "acct-1|68",
			"acct-42|3", "acct-9999|45", "12345678|34", "テナント|9", })
	void bucketOfIsPinned(String key, int bucket) {
		assertThat(Rollout.bucketOf(key)).isEqualTo(bucket);
	}

	@ParameterizedTest(name = "murmur3_32(\"{0}\", 0) = {1}")
	@CsvSource(delimiter = '|', value = {
			// Published test vectors of MurmurHash3 x86_32 with seed 0.
			"''|00000000", "hello|248bfa47", "hello, world|149bbb7f",
			"The quick brown fox jumps over the lazy dog|2e4ff723", })
	void referenceMurmur3MatchesPublishedVectors(String text, String hex) {
		assertThat(murmur3x86Of(text)).isEqualTo(Integer.parseUnsignedInt(hex, 16));
	}

	@ParameterizedTest(name = "bucketOf(\"{0}\") = murmur3_32 = 0x{1} mod 100")
	@CsvSource(delimiter = '|', value = { "''|00000000", "hello|248bfa47", "hello, world|149bbb7f",
			"The quick brown fox jumps over the lazy dog|2e4ff723", })
	void bucketOfIsMurmur3OfTheUtf8BytesUnsignedModuloOneHundred(String text, String hex) {
		assertThat(Rollout.bucketOf(text)).isEqualTo((int) (Long.parseLong(hex, 16) % 100));
	}

	@Test
	void bucketOfAgreesWithAnIndependentMurmur3OnEveryKey() {
		Stream
			.concat(Stream.concat(ACCOUNT_KEYS.stream(), NUMERIC_KEYS.stream()),
					Stream.of("", "x", "xy", "xyz", "wxyz", "テナント", "😀 emoji",
							"a-very-long-tenant-identifier-0123456789"))
			.forEach(key -> assertThat(Rollout.bucketOf(key)).as(key)
				.isEqualTo((int) (Integer.toUnsignedLong(murmur3x86Of(key)) % 100)));
	}

	// helpers

	private static Client account(String key) {
		return new Client(Platform.ANDROID, null, null, key);
	}

	private static Client tenant(String key) {
		return new Client(Platform.ANDROID, null, key, null);
	}

	private static List<String> numericKeys(int count, long seed) {
		Random random = new Random(seed);
		Set<String> keys = new LinkedHashSet<>();
		while (keys.size() < count) {
			keys.add(Long.toString(random.nextLong() & Long.MAX_VALUE));
		}
		return List.copyOf(keys);
	}

	private static String firstKeyWithBucket(java.util.function.IntPredicate bucket) {
		return ACCOUNT_KEYS.stream().filter(key -> bucket.test(Rollout.bucketOf(key))).findFirst().orElseThrow();
	}

	/**
	 * MurmurHash3 x86 32-bit, seed 0, of the UTF-8 bytes: written from the reference, not
	 * the library.
	 */
	static int murmur3x86Of(String text) {
		byte[] data = text.getBytes(StandardCharsets.UTF_8);
		int c1 = 0xcc9e2d51;
		int c2 = 0x1b873593;
		int h = 0;
		int blocks = data.length / 4;
		for (int i = 0; i < blocks; i++) {
			int k = (data[4 * i] & 0xff) | (data[4 * i + 1] & 0xff) << 8 | (data[4 * i + 2] & 0xff) << 16
					| (data[4 * i + 3] & 0xff) << 24;
			k *= c1;
			k = Integer.rotateLeft(k, 15);
			k *= c2;
			h ^= k;
			h = Integer.rotateLeft(h, 13);
			h = h * 5 + 0xe6546b64;
		}
		int k = 0;
		int tail = blocks * 4;
		switch (data.length & 3) {
			case 3:
				k ^= (data[tail + 2] & 0xff) << 16;
			case 2:
				k ^= (data[tail + 1] & 0xff) << 8;
			case 1:
				k ^= (data[tail] & 0xff);
				k *= c1;
				k = Integer.rotateLeft(k, 15);
				k *= c2;
				h ^= k;
			default:
		}
		h ^= data.length;
		h ^= h >>> 16;
		h *= 0x85ebca6b;
		h ^= h >>> 13;
		h *= 0xc2b2ae35;
		h ^= h >>> 16;
		return h;
	}

}
