package io.aclgateway.routing.rules;

import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import io.aclgateway.routing.client.Client;
import io.aclgateway.routing.client.Platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Which requests a shadow section copies (shadow.md section 1): the share sticky by
 * account on a hash of its own, the rules' conditions, the room id.
 */
class ShadowSectionTests {

	/**
	 * Rollout bucket 4, shadow bucket 90: inside a 10 % rollout, outside a 10 % shadow.
	 * Pinned (computed by an independent MurmurHash3), so a change of the function shows.
	 */
	static final String ROLLOUT_4_SHADOW_90 = "acct-226";

	/** Rollout bucket 99, shadow bucket 2. */
	static final String ROLLOUT_99_SHADOW_2 = "acct-157";

	@Test
	void theShadowBucketIsPinnedAndIsNotTheRolloutBucket() {
		assertThat(Rollout.bucketOf(ROLLOUT_4_SHADOW_90)).isEqualTo(4);
		assertThat(ShadowSection.bucketOf(ROLLOUT_4_SHADOW_90)).isEqualTo(90);
		assertThat(Rollout.bucketOf(ROLLOUT_99_SHADOW_2)).isEqualTo(99);
		assertThat(ShadowSection.bucketOf(ROLLOUT_99_SHADOW_2)).isEqualTo(2);
	}

	@Test
	void anAccountIsSampledWhateverTheDrawOfTheRequest() {
		ShadowSection tenPercent = section(10, 0);
		for (int draw = 0; draw < 100; draw++) {
			assertThat(tenPercent.sampled(account(ROLLOUT_99_SHADOW_2), draw)).as("draw %d", draw).isTrue();
			assertThat(tenPercent.sampled(account(ROLLOUT_4_SHADOW_90), draw)).as("draw %d", draw).isFalse();
		}
	}

	@Test
	void theCohortARolloutIsAboutToMoveIsSampledLikeAnyOther() {
		List<String> firstTenBuckets = IntStream.range(0, 20_000)
			.mapToObj(i -> "acct-" + i)
			.filter(account -> Rollout.bucketOf(account) < 10)
			.toList();
		ShadowSection tenPercent = section(10, 0);
		long sampled = firstTenBuckets.stream().filter(account -> tenPercent.sampled(account(account), 0)).count();
		assertThat(firstTenBuckets).hasSizeGreaterThan(1_500);
		assertThat((double) sampled / firstTenBuckets.size()).isBetween(0.07, 0.13);
	}

	@Test
	void raisingThePercentOnlyAddsAccounts() {
		for (int i = 0; i < 2_000; i++) {
			Client client = account("acct-" + i);
			for (int percent = 0; percent < 100; percent++) {
				if (section(percent, 0).sampled(client, 99)) {
					assertThat(section(percent + 1, 0).sampled(client, 99)).isTrue();
				}
			}
		}
	}

	@Test
	void withoutAnAccountTheDrawOfTheRequestDecides() {
		ShadowSection tenPercent = section(10, 0);
		Client tenantOnly = new Client(Platform.WEB, null, "1001", null);
		assertThat(tenPercent.sampled(tenantOnly, 9)).isTrue();
		assertThat(tenPercent.sampled(tenantOnly, 10)).isFalse();
		assertThat(tenPercent.sampled(Client.unknown(), 0)).isTrue();
		assertThat(section(0, 0).sampled(Client.unknown(), 0)).isFalse();
		assertThat(section(100, 0).sampled(Client.unknown(), 99)).isTrue();
	}

	@Test
	void aNoiseSampleIsDrawnPerRequestAndNeverForARuleNotRepeatable() {
		ShadowSection fivePercent = section(10, 5);
		ShadowRule repeatable = rule("r", null, null, false, true);
		ShadowRule once = rule("once", null, null, false, false);
		assertThat(fivePercent.noiseSampled(4)).isTrue();
		assertThat(fivePercent.noiseSampled(5)).isFalse();
		assertThat(fivePercent.noiseSampled(repeatable, 4)).isTrue();
		assertThat(fivePercent.noiseSampled(repeatable, 5)).isFalse();
		assertThat(section(10, 100).noiseSampled(once, 0)).isFalse();
	}

	@Test
	void aRuleSelectsByPathAndMethodGetAndHeadByDefault() {
		ShadowRule rooms = rule("rooms", List.of(PathGlob.compile("/v1/rooms/**")), null, false, true);
		assertThat(rooms.selects(request("GET", "/v1/rooms/1"))).isTrue();
		assertThat(rooms.selects(request("HEAD", "/v1/rooms"))).isTrue();
		assertThat(rooms.selects(request("get", "/v1/rooms/1/messages"))).isTrue();
		assertThat(rooms.selects(request("GET", "/v1/me"))).isFalse();
		for (String method : List.of("POST", "PUT", "DELETE", "PATCH", "OPTIONS")) {
			assertThat(rooms.selects(request(method, "/v1/rooms/1"))).as(method).isFalse();
		}
	}

	@Test
	void anIdempotentRuleSelectsTheMethodsItNames() {
		ShadowRule search = rule("search", List.of(PathGlob.compile("/v1/search")), Set.of("POST"), true, true);
		assertThat(search.selects(request("POST", "/v1/search"))).isTrue();
		assertThat(search.selects(request("GET", "/v1/search"))).isFalse();
	}

	@Test
	void theFirstRuleThatSelectsTheRequestWins() {
		ShadowSection shadow = new ShadowSection(10, 0,
				List.of(rule("one", List.of(PathGlob.compile("/v1/rooms/*")), null, false, true),
						rule("two", List.of(PathGlob.compile("/v1/**")), null, false, true)));
		assertThat(shadow.ruleFor(request("GET", "/v1/rooms/1"))).map(ShadowRule::name).hasValue("one");
		assertThat(shadow.ruleFor(request("GET", "/v1/me"))).map(ShadowRule::name).hasValue("two");
		assertThat(shadow.ruleFor(request("GET", "/v2/me"))).isEmpty();
		assertThat(ShadowSection.NONE.ruleFor(request("GET", "/v1/me"))).isEmpty();
	}

	@Test
	void aRuleRefusesToCopyWritesUnlessIdempotent() {
		assertThatIllegalArgumentException().isThrownBy(() -> rule("w", null, Set.of("GET", "POST"), false, true))
			.withMessageContaining("POST may be copied only by a rule marked 'idempotent: true'");
	}

	@Test
	void aSectionRefusesSharesOutOfRangeAndNamesUsedTwice() {
		assertThatIllegalArgumentException().isThrownBy(() -> section(101, 0)).withMessageContaining("0..100");
		assertThatIllegalArgumentException().isThrownBy(() -> section(10, -1)).withMessageContaining("0..100");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new ShadowSection(10, 0,
					List.of(rule("a", null, null, false, true), rule("a", null, null, false, true))))
			.withMessageContaining("'a' is used by an earlier shadow rule");
	}

	@Test
	void aRoomTemplateFindsTheIdAtItsPlace() {
		RoomTemplate rooms = RoomTemplate.compile("/v1/rooms/{rid}/**");
		assertThat(rooms.roomId("/v1/rooms/42")).hasValue(42);
		assertThat(rooms.roomId("/v1/rooms/42/messages/7")).hasValue(42);
		assertThat(rooms.roomId("/v1/rooms/x42/messages")).isEmpty();
		assertThat(rooms.roomId("/v1/rooms")).isEmpty();
		assertThat(rooms.roomId("/v1/files/42")).isEmpty();
		assertThat(rooms.roomId("/v1/rooms/" + Long.MAX_VALUE)).hasValue(Long.MAX_VALUE);
		assertThat(rooms.roomId("/v1/rooms/9223372036854775808")).isEmpty();
		assertThat(rooms.roomId("/v1/rooms/+1")).isEmpty();
		assertThat(RoomTemplate.compile("/{rid}").roomId("/5")).hasValue(5);
	}

	private static ShadowSection section(int percent, int noisePercent) {
		return new ShadowSection(percent, noisePercent, List.of());
	}

	private static ShadowRule rule(String name, @Nullable List<PathGlob> paths, @Nullable Set<String> methods,
			boolean idempotent, boolean repeatable) {
		return new ShadowRule(name, paths, methods, idempotent, repeatable, null, ShadowComparison.WHOLE_BODIES);
	}

	private static Client account(String account) {
		return new Client(Platform.ANDROID, null, null, account);
	}

	private static RouteRequest request(String method, String path) {
		return new RouteRequest(method, path, Client.unknown());
	}

}
