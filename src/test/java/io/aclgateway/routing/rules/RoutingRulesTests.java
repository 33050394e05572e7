package io.aclgateway.routing.rules;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import io.aclgateway.routing.client.Client;
import io.aclgateway.routing.client.ClientVersion;
import io.aclgateway.routing.client.CohortHeaders;
import io.aclgateway.routing.client.Platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** How {@link RoutingRules#decide} applies the rules of routing.md to a request. */
class RoutingRulesTests {

	/** The example file of routing.md, verbatim. */
	static final String EXAMPLE_FILE = """
			mode: rules                  # rules | legacy-only | falcon-only
			default: legacy              # target when no rule matches (mode: rules)
			tenant-header: X-Organization-Id   # optional, this is the default
			account-header: X-Account-Id       # optional, this is the default
			rules:                       # first match wins
			  - name: uploads-stay-on-legacy
			    paths: ["/gateway.php", "/upload/**"]
			    target: legacy
			  - name: ios-5
			    platforms: [ios]
			    versions: ">=5.0.0"
			    target: falcon
			  - name: android-5-canary
			    platforms: [android]
			    versions: ">=5.0.0 <6.0.0"
			    rollout: { percent: 25, by: account }
			    target: falcon
			  - name: pilot-tenants
			    tenants: ["1001", "1002"]
			    target: falcon
			""";

	/**
	 * An account in bucket 24, the last inside a 25 percent rollout. Pinned, not searched
	 * for with {@link Rollout#bucketOf}: see
	 * {@link #rolloutDecidesByThePinnedReferenceBuckets}.
	 */
	static final String CANARY_ACCOUNT = "acct-211";

	/** An account in bucket 25, the first outside a 25 percent rollout. */
	static final String NON_CANARY_ACCOUNT = "acct-50";

	private static final Client IOS_5 = client(Platform.IOS, "5.0.0", null, null);

	// name and target

	@Test
	void decisionCarriesTheTargetAndNameOfTheMatchingRule() {
		assertThat(decide(rules(Target.LEGACY, Rule.always("all-to-falcon", Target.FALCON)), get("/x", IOS_5)))
			.isEqualTo(new RouteDecision(Target.FALCON, "all-to-falcon"));
		assertThat(decide(rules(Target.FALCON, Rule.always("all-to-legacy", Target.LEGACY)), get("/x", IOS_5)))
			.isEqualTo(new RouteDecision(Target.LEGACY, "all-to-legacy"));
	}

	// paths

	@ParameterizedTest(name = "{0} vs {1} -> {2}")
	@CsvSource({
			// literal
			"/gateway.php, /gateway.php, true", "/gateway.php, /gateway.php/x, false", "/gateway.php, /gateway, false",
			"/gateway.php, /Gateway.php, false", "/gateway.php, /v1/gateway.php, false", "/a/b, /a/b, true",
			"/a/b, /a, false", "/a/b, /a/b/c, false",
			// * is exactly one segment
			"/api/*/messages, /api/v1/messages, true", "/api/*/messages, /api/v2/messages, true",
			"/api/*/messages, /api/messages, false", "/api/*/messages, /api/v1/v2/messages, false",
			"/api/*, /api/rooms, true", "/api/*, /api, false", "/api/*, /api/rooms/1, false", "/*, /anything, true",
			"/*, /two/segments, false",
			// ** is any number of segments, zero included
			"/upload/**, /upload, true", "/upload/**, /upload/a, true", "/upload/**, /upload/a/b/c, true",
			"/upload/**, /uploads, false", "/upload/**, /uploads/a, false", "/upload/**, /other/upload/a, false",
			"/a/**/z, /a/z, true", "/a/**/z, /a/b/z, true", "/a/**/z, /a/b/c/d/z, true", "/a/**/z, /a/b/c, false",
			"/a/**/z, /a/z/b, false", "/**, /, true", "/**, /any/thing/at/all, true", })
	void pathsMatchLiterallyWithStarForOneSegmentAndDoubleStarForAny(String pattern, String path, boolean matches) {
		Rule rule = new RuleBuilder("by-path", Target.FALCON).paths(pattern).build();
		assertThat(decide(rules(Target.LEGACY, rule), get(path, IOS_5)).rule())
			.isEqualTo(matches ? "by-path" : RouteDecision.DEFAULT_RULE);
	}

	@Test
	void pathsMatchWhenAnyPatternMatches() {
		Rule rule = new RuleBuilder("uploads", Target.LEGACY).paths("/gateway.php", "/upload/**").build();
		RoutingRules rules = rules(Target.FALCON, rule);
		assertThat(decide(rules, get("/gateway.php", IOS_5)).rule()).isEqualTo("uploads");
		assertThat(decide(rules, get("/upload/avatar", IOS_5)).rule()).isEqualTo("uploads");
		assertThat(decide(rules, get("/rooms", IOS_5))).isEqualTo(new RouteDecision(Target.FALCON, "default"));
	}

	// methods

	@Test
	void methodsMatchWhenTheRequestMethodIsOneOfThem() {
		RoutingRules rules = rules(Target.LEGACY,
				new RuleBuilder("reads", Target.FALCON).methods("GET", "HEAD").build());
		assertThat(decide(rules, request("GET", "/x", IOS_5)).rule()).isEqualTo("reads");
		assertThat(decide(rules, request("HEAD", "/x", IOS_5)).rule()).isEqualTo("reads");
		assertThat(decide(rules, request("POST", "/x", IOS_5)).rule()).isEqualTo("default");
		assertThat(decide(rules, request("DELETE", "/x", IOS_5)).rule()).isEqualTo("default");
	}

	// platforms

	@Test
	void platformsMatchWhenTheClientPlatformIsOneOfThem() {
		RoutingRules rules = rules(Target.LEGACY,
				new RuleBuilder("mobile", Target.FALCON).platforms(Platform.IOS, Platform.ANDROID).build());
		assertThat(decide(rules, get("/x", client(Platform.IOS, "5.0.0", null, null))).rule()).isEqualTo("mobile");
		assertThat(decide(rules, get("/x", client(Platform.ANDROID, null, null, null))).rule()).isEqualTo("mobile");
		assertThat(decide(rules, get("/x", client(Platform.DESKTOP, "5.0.0", null, null))).rule()).isEqualTo("default");
		assertThat(decide(rules, get("/x", client(Platform.WEB, null, null, null))).rule()).isEqualTo("default");
		assertThat(decide(rules, get("/x", Client.unknown())).rule()).isEqualTo("default");
	}

	@Test
	void platformUnknownCanBeMatchedExplicitly() {
		RoutingRules rules = rules(Target.FALCON,
				new RuleBuilder("unreadable", Target.LEGACY).platforms(Platform.UNKNOWN).build());
		assertThat(decide(rules, get("/x", Client.unknown())))
			.isEqualTo(new RouteDecision(Target.LEGACY, "unreadable"));
		assertThat(decide(rules, get("/x", IOS_5)).rule()).isEqualTo("default");
	}

	// versions

	@ParameterizedTest(name = "\"{0}\" includes {1}: {2}")
	@CsvSource({ ">=5.0.0, 5.0.0, true", ">=5.0.0, 5.0.1, true", ">=5.0.0, 12.0.0, true", ">=5.0.0, 4.99.99, false",
			">=5.0.0, 5.0.0-rc.1, false", ">5.0.0, 5.0.0, false", ">5.0.0, 5.0.1, true", "<=5.0.0, 5.0.0, true",
			"<=5.0.0, 5.0.1, false", "<=5.0.0, 5.0.0-beta.2, true", "<5.0.0, 4.18.0, true", "<5.0.0, 5.0.0, false",
			"<5.0.0, 5.0.0-beta.2, true", "=5.0.0, 5.0.0, true", "=5.0.0, 5.0.0+build.7, true", "=5.0.0, 5.0.1, false",
			"=5.0.0, 5.0.0-rc.1, false", ">=5.0.0 <6.0.0, 5.0.0, true", ">=5.0.0 <6.0.0, 5.9.9, true",
			">=5.0.0 <6.0.0, 6.0.0, false", ">=5.0.0 <6.0.0, 6.0.0-beta.1, true", ">=5.0.0 <6.0.0, 4.9.9, false",
			">=5.0.0-beta.1 <5.0.0, 5.0.0-beta.2, true", ">=5.0.0-beta.1 <5.0.0, 5.0.0-alpha, false",
			">=5 <5.1, 5.0.7, true", ">=v5.0.0, 5.0.0, true", })
	void versionsMatchWhenTheClientVersionSatisfiesEveryComparator(String range, String version, boolean matches) {
		Rule rule = new RuleBuilder("by-version", Target.FALCON).versions(range).build();
		Client client = client(Platform.IOS, version, null, null);
		assertThat(decide(rules(Target.LEGACY, rule), get("/x", client)).rule())
			.isEqualTo(matches ? "by-version" : RouteDecision.DEFAULT_RULE);
	}

	@ParameterizedTest
	@CsvSource({ ">=0.0.0", "<999999.0.0", ">=0.0.0-0", "<=2147483647.2147483647.2147483647" })
	void aClientWithoutVersionNeverMatchesAVersionRange(String range) {
		Rule rule = new RuleBuilder("by-version", Target.FALCON).versions(range).build();
		RoutingRules rules = rules(Target.LEGACY, rule);
		assertThat(decide(rules, get("/x", client(Platform.IOS, "1.0.0", null, null))).rule()).isEqualTo("by-version");
		assertThat(decide(rules, get("/x", client(Platform.IOS, null, "1001", "a-1"))).rule()).isEqualTo("default");
		assertThat(decide(rules, get("/x", Client.unknown())).rule()).isEqualTo("default");
	}

	// tenants and accounts

	@Test
	void tenantsMatchWhenTheRequestTenantIsOneOfThem() {
		RoutingRules rules = rules(Target.LEGACY,
				new RuleBuilder("pilot", Target.FALCON).tenants("1001", "1002").build());
		assertThat(decide(rules, get("/x", client(Platform.WEB, null, "1001", null))).rule()).isEqualTo("pilot");
		assertThat(decide(rules, get("/x", client(Platform.WEB, null, "1002", "a-1"))).rule()).isEqualTo("pilot");
		assertThat(decide(rules, get("/x", client(Platform.WEB, null, "1003", null))).rule()).isEqualTo("default");
		assertThat(decide(rules, get("/x", client(Platform.WEB, null, "10012", null))).rule()).isEqualTo("default");
		assertThat(decide(rules, get("/x", client(Platform.WEB, null, null, "1001"))).rule())
			.as("the account id is not the tenant id")
			.isEqualTo("default");
		assertThat(decide(rules, get("/x", Client.unknown())).rule()).isEqualTo("default");
	}

	@Test
	void accountsMatchWhenTheRequestAccountIsOneOfThem() {
		RoutingRules rules = rules(Target.LEGACY,
				new RuleBuilder("testers", Target.FALCON).accounts("a-1", "a-2").build());
		assertThat(decide(rules, get("/x", client(Platform.WEB, null, null, "a-1"))).rule()).isEqualTo("testers");
		assertThat(decide(rules, get("/x", client(Platform.WEB, null, "t", "a-2"))).rule()).isEqualTo("testers");
		assertThat(decide(rules, get("/x", client(Platform.WEB, null, null, "a-3"))).rule()).isEqualTo("default");
		assertThat(decide(rules, get("/x", client(Platform.WEB, null, "a-1", null))).rule())
			.as("the tenant id is not the account id")
			.isEqualTo("default");
		assertThat(decide(rules, get("/x", Client.unknown())).rule()).isEqualTo("default");
	}

	// rollout

	/**
	 * Reference buckets computed once, outside this code base, from routing.md's bucket
	 * function (MurmurHash3 x86 32-bit, seed 0, of the key's UTF-8 bytes, unsigned, mod
	 * 100), on both sides of each percent. Another hash, seed, encoding (UTF-16LE puts
	 * {@code テナント} in 85), signed arithmetic ({@code acct-75} would be in 4 with
	 * floorMod, 96 with abs) or modulus moves keys across these edges and fails here.
	 * Checked with an independent MurmurHash3 in Python against the published test
	 * vectors.
	 */
	@ParameterizedTest(name = "{0} by {1}: bucket {2}, at {3}% -> {4}")
	@CsvSource({ "acct-75, ACCOUNT, 0, 0, default", "acct-75, ACCOUNT, 0, 1, rollout",
			"acct-211, ACCOUNT, 24, 24, default", "acct-211, ACCOUNT, 24, 25, rollout",
			"acct-50, ACCOUNT, 25, 25, default", "acct-50, ACCOUNT, 25, 26, rollout",
			"acct-14, ACCOUNT, 49, 50, rollout", "acct-280, ACCOUNT, 50, 50, default",
			"acct-41, ACCOUNT, 99, 99, default", "acct-41, ACCOUNT, 99, 100, rollout", "acct-0, ACCOUNT, 8, 9, rollout",
			"acct-42, ACCOUNT, 3, 3, default", "1002, TENANT, 70, 70, default", "1002, TENANT, 70, 71, rollout",
			"テナント, TENANT, 9, 9, default", "テナント, TENANT, 9, 10, rollout" })
	void rolloutDecidesByThePinnedReferenceBuckets(String key, Rollout.By by, int bucket, int percent, String rule) {
		RoutingRules rules = rules(Target.LEGACY,
				new RuleBuilder("rollout", Target.FALCON).rollout(percent, by).build());
		Client client = (by == Rollout.By.ACCOUNT) ? client(Platform.WEB, null, null, key)
				: client(Platform.WEB, null, key, null);
		assertThat(Rollout.bucketOf(key)).isEqualTo(bucket);
		assertThat(decide(rules, get("/x", client)).rule()).isEqualTo(rule);
	}

	@Test
	void rolloutHashesTheKeyNamedByBy() {
		// Buckets 49 and 50: on either side of 50 percent (see the pinned reference
		// buckets).
		String inside = "acct-14";
		String outside = "acct-280";
		Client insideByTenant = client(Platform.WEB, null, inside, outside);
		Client insideByAccount = client(Platform.WEB, null, outside, inside);
		RoutingRules byTenant = rules(Target.LEGACY,
				new RuleBuilder("half", Target.FALCON).rollout(50, Rollout.By.TENANT).build());
		RoutingRules byAccount = rules(Target.LEGACY,
				new RuleBuilder("half", Target.FALCON).rollout(50, Rollout.By.ACCOUNT).build());
		assertThat(decide(byTenant, get("/x", insideByTenant)).rule()).isEqualTo("half");
		assertThat(decide(byTenant, get("/x", insideByAccount)).rule()).isEqualTo("default");
		assertThat(decide(byAccount, get("/x", insideByAccount)).rule()).isEqualTo("half");
		assertThat(decide(byAccount, get("/x", insideByTenant)).rule()).isEqualTo("default");
	}

	@Test
	void rolloutNeverMatchesARequestWithoutItsKeyEvenAtOneHundredPercent() {
		RoutingRules byAccount = rules(Target.LEGACY,
				new RuleBuilder("all", Target.FALCON).rollout(100, Rollout.By.ACCOUNT).build());
		RoutingRules byTenant = rules(Target.LEGACY,
				new RuleBuilder("all", Target.FALCON).rollout(100, Rollout.By.TENANT).build());
		assertThat(decide(byAccount, get("/x", client(Platform.WEB, null, "1001", "a-1"))).rule()).isEqualTo("all");
		assertThat(decide(byAccount, get("/x", client(Platform.WEB, null, "1001", null))).rule()).isEqualTo("default");
		assertThat(decide(byTenant, get("/x", client(Platform.WEB, null, "1001", "a-1"))).rule()).isEqualTo("all");
		assertThat(decide(byTenant, get("/x", client(Platform.WEB, null, null, "a-1"))).rule()).isEqualTo("default");
	}

	@Test
	void rolloutAtZeroPercentMatchesNobody() {
		RoutingRules rules = rules(Target.LEGACY,
				new RuleBuilder("none", Target.FALCON).rollout(0, Rollout.By.ACCOUNT).build());
		String bucketZero = "acct-75";
		assertThat(decide(rules, get("/x", client(Platform.WEB, null, null, bucketZero))).rule()).isEqualTo("default");
	}

	// combining conditions

	@Test
	void everyFieldOfARuleMustMatch() {
		Rule rule = new RuleBuilder("all-of-them", Target.FALCON).paths("/api/**")
			.methods("GET")
			.platforms(Platform.ANDROID)
			.versions(">=5.0.0 <6.0.0")
			.tenants("1001")
			.accounts("a-1")
			.rollout(100, Rollout.By.ACCOUNT)
			.build();
		RoutingRules rules = rules(Target.LEGACY, rule);
		Client matching = client(Platform.ANDROID, "5.1.0", "1001", "a-1");
		assertThat(decide(rules, get("/api/rooms", matching)).rule()).isEqualTo("all-of-them");
		// Each field failing alone is enough to miss.
		assertThat(decide(rules, get("/web/rooms", matching)).rule()).as("path").isEqualTo("default");
		assertThat(decide(rules, request("POST", "/api/rooms", matching)).rule()).as("method").isEqualTo("default");
		assertThat(decide(rules, get("/api/rooms", client(Platform.IOS, "5.1.0", "1001", "a-1"))).rule()).as("platform")
			.isEqualTo("default");
		assertThat(decide(rules, get("/api/rooms", client(Platform.ANDROID, "6.0.0", "1001", "a-1"))).rule())
			.as("version")
			.isEqualTo("default");
		assertThat(decide(rules, get("/api/rooms", client(Platform.ANDROID, null, "1001", "a-1"))).rule())
			.as("no version")
			.isEqualTo("default");
		assertThat(decide(rules, get("/api/rooms", client(Platform.ANDROID, "5.1.0", "1002", "a-1"))).rule())
			.as("tenant")
			.isEqualTo("default");
		assertThat(decide(rules, get("/api/rooms", client(Platform.ANDROID, "5.1.0", "1001", "a-2"))).rule())
			.as("account")
			.isEqualTo("default");
	}

	@Test
	void everyFieldIncludingRolloutMustMatch() {
		Rule rule = new RuleBuilder("canary-ios", Target.FALCON).platforms(Platform.IOS)
			.rollout(25, Rollout.By.ACCOUNT)
			.build();
		RoutingRules rules = rules(Target.LEGACY, rule);
		assertThat(decide(rules, get("/x", client(Platform.IOS, null, null, CANARY_ACCOUNT))).rule())
			.isEqualTo("canary-ios");
		assertThat(decide(rules, get("/x", client(Platform.IOS, null, null, NON_CANARY_ACCOUNT))).rule())
			.isEqualTo("default");
		assertThat(decide(rules, get("/x", client(Platform.ANDROID, null, null, CANARY_ACCOUNT))).rule())
			.isEqualTo("default");
	}

	@Test
	void aRuleWithoutConditionsMatchesEveryRequest() {
		RoutingRules rules = rules(Target.LEGACY, Rule.always("everything", Target.FALCON));
		List<RouteRequest> requests = List.of(get("/", Client.unknown()), request("POST", "/gateway.php", IOS_5),
				request("DELETE", "/a/b/c", client(Platform.ANDROID, "1.0.0", "1001", "a-1")),
				get("/upload/x", client(Platform.WEB, null, null, "a-2")));
		for (RouteRequest request : requests) {
			assertThat(decide(rules, request)).isEqualTo(new RouteDecision(Target.FALCON, "everything"));
		}
	}

	@Test
	void theFirstMatchingRuleWins() {
		Rule uploads = new RuleBuilder("uploads", Target.LEGACY).paths("/upload/**").build();
		Rule ios = new RuleBuilder("ios", Target.FALCON).platforms(Platform.IOS).build();
		RouteRequest iosUpload = get("/upload/file", IOS_5);
		assertThat(decide(rules(Target.LEGACY, uploads, ios), iosUpload))
			.isEqualTo(new RouteDecision(Target.LEGACY, "uploads"));
		assertThat(decide(rules(Target.LEGACY, ios, uploads), iosUpload))
			.isEqualTo(new RouteDecision(Target.FALCON, "ios"));
	}

	@Test
	void rulesThatDoNotMatchAreSkippedInOrder() {
		Rule android = new RuleBuilder("android", Target.LEGACY).platforms(Platform.ANDROID).build();
		Rule web = new RuleBuilder("web", Target.LEGACY).platforms(Platform.WEB).build();
		Rule ios = new RuleBuilder("ios", Target.FALCON).platforms(Platform.IOS).build();
		Rule all = Rule.always("all", Target.LEGACY);
		assertThat(decide(rules(Target.LEGACY, android, web, ios, all), get("/x", IOS_5)))
			.isEqualTo(new RouteDecision(Target.FALCON, "ios"));
	}

	@Test
	void theDefaultTargetAppliesWhenNoRuleMatches() {
		Rule android = new RuleBuilder("android", Target.FALCON).platforms(Platform.ANDROID).build();
		assertThat(decide(rules(Target.LEGACY, android), get("/x", IOS_5)))
			.isEqualTo(new RouteDecision(Target.LEGACY, "default"));
		assertThat(decide(rules(Target.FALCON, android), get("/x", IOS_5)))
			.isEqualTo(new RouteDecision(Target.FALCON, "default"));
		assertThat(decide(rules(Target.FALCON), get("/x", IOS_5)))
			.isEqualTo(new RouteDecision(Target.FALCON, "default"));
		assertThat(RouteDecision.DEFAULT_RULE).isEqualTo("default");
	}

	@Test
	void aMissingFileSendsEverythingToLegacyByDefault() {
		RoutingRules missing = RoutingRules.missingFile();
		assertThat(missing.mode()).isEqualTo(Mode.RULES);
		assertThat(missing.rules()).isEmpty();
		assertThat(missing.cohortHeaders()).isEqualTo(CohortHeaders.DEFAULT);
		assertThat(decide(missing, get("/x", IOS_5))).isEqualTo(new RouteDecision(Target.LEGACY, "default"));
	}

	// modes

	@Test
	void legacyOnlySendsEverythingToLegacyWhateverTheRulesSay() {
		RoutingRules rules = new RoutingRules(Mode.LEGACY_ONLY, Target.FALCON, CohortHeaders.DEFAULT,
				List.of(Rule.always("all-to-falcon", Target.FALCON)), ShadowSection.NONE, "v1");
		for (RouteRequest request : List.of(get("/x", IOS_5), get("/", Client.unknown()),
				request("POST", "/upload/x", client(Platform.ANDROID, "5.0.0", "1001", "a-1")))) {
			assertThat(decide(rules, request)).isEqualTo(new RouteDecision(Target.LEGACY, "legacy-only"));
		}
	}

	@Test
	void falconOnlySendsEverythingToFalconWhateverTheRulesSay() {
		RoutingRules rules = new RoutingRules(Mode.FALCON_ONLY, Target.LEGACY, CohortHeaders.DEFAULT,
				List.of(new RuleBuilder("uploads", Target.LEGACY).paths("/upload/**").build(),
						Rule.always("all-to-legacy", Target.LEGACY)),
				ShadowSection.NONE, "v1");
		for (RouteRequest request : List.of(get("/x", IOS_5), get("/", Client.unknown()),
				request("POST", "/upload/x", client(Platform.ANDROID, "5.0.0", "1001", "a-1")))) {
			assertThat(decide(rules, request)).isEqualTo(new RouteDecision(Target.FALCON, "falcon-only"));
		}
	}

	@Test
	void modeLabelsAreTheWireNamesOfTheRoutingFile() {
		assertThat(Mode.RULES.wireName()).isEqualTo("rules");
		assertThat(Mode.LEGACY_ONLY.wireName()).isEqualTo("legacy-only");
		assertThat(Mode.FALCON_ONLY.wireName()).isEqualTo("falcon-only");
		assertThat(Target.FALCON.wireName()).isEqualTo("falcon");
		assertThat(Target.LEGACY.wireName()).isEqualTo("legacy");
	}

	@Test
	void rulesWithTheSameNameCannotBeInForceTogether() {
		assertThatIllegalArgumentException().isThrownBy(
				() -> rules(Target.LEGACY, Rule.always("twice", Target.FALCON), Rule.always("twice", Target.LEGACY)));
	}

	// the example file of routing.md

	static Stream<Arguments> exampleFileRequests() {
		return Stream.of(
				arguments("legacy upload endpoint from an iOS 5 app", request("POST", "/gateway.php", IOS_5),
						Target.LEGACY, "uploads-stay-on-legacy"),
				arguments("upload below /upload", get("/upload/files/1", client(Platform.IOS, "6.1.0", null, null)),
						Target.LEGACY, "uploads-stay-on-legacy"),
				arguments("/upload itself (** is zero segments)", get("/upload", IOS_5), Target.LEGACY,
						"uploads-stay-on-legacy"),
				arguments("upload from a pilot tenant", get("/upload/x", client(Platform.WEB, null, "1001", null)),
						Target.LEGACY, "uploads-stay-on-legacy"),
				arguments("iOS 5.0.0", get("/api/rooms", IOS_5), Target.FALCON, "ios-5"),
				arguments("iOS 7.2.1", get("/api/rooms", client(Platform.IOS, "7.2.1", null, null)), Target.FALCON,
						"ios-5"),
				arguments("iOS 4.18.0", get("/api/rooms", client(Platform.IOS, "4.18.0", null, null)), Target.LEGACY,
						"default"),
				arguments("iOS 5.0.0 pre-release", get("/api/rooms", client(Platform.IOS, "5.0.0-rc.1", null, null)),
						Target.LEGACY, "default"),
				arguments("iOS without version", get("/api/rooms", client(Platform.IOS, null, null, null)),
						Target.LEGACY, "default"),
				arguments("Android 5 in the canary",
						get("/api/rooms", client(Platform.ANDROID, "5.3.1", null, CANARY_ACCOUNT)), Target.FALCON,
						"android-5-canary"),
				arguments("Android 5 outside the canary",
						get("/api/rooms", client(Platform.ANDROID, "5.3.1", null, NON_CANARY_ACCOUNT)), Target.LEGACY,
						"default"),
				arguments("Android 5 without account", get("/api/rooms", client(Platform.ANDROID, "5.3.1", null, null)),
						Target.LEGACY, "default"),
				arguments("Android 6 in the canary bucket",
						get("/api/rooms", client(Platform.ANDROID, "6.0.0", null, CANARY_ACCOUNT)), Target.LEGACY,
						"default"),
				arguments("Android 4 in the canary bucket",
						get("/api/rooms", client(Platform.ANDROID, "4.18.0", null, CANARY_ACCOUNT)), Target.LEGACY,
						"default"),
				arguments("Android 5 outside the canary, pilot tenant",
						get("/api/rooms", client(Platform.ANDROID, "5.3.1", "1002", NON_CANARY_ACCOUNT)), Target.FALCON,
						"pilot-tenants"),
				arguments("browser of a pilot tenant", get("/", client(Platform.WEB, null, "1001", "a-9")),
						Target.FALCON, "pilot-tenants"),
				arguments("browser of another tenant", get("/", client(Platform.WEB, null, "1003", "a-9")),
						Target.LEGACY, "default"),
				arguments("desktop app", get("/api/rooms", client(Platform.DESKTOP, "2.8.0", null, null)),
						Target.LEGACY, "default"),
				arguments("unreadable client", get("/api/rooms", Client.unknown()), Target.LEGACY, "default"));
	}

	@ParameterizedTest(name = "{0} -> {2} by {3}")
	@MethodSource("exampleFileRequests")
	void theExampleFileOfTheSpecificationRoutesAsDocumented(String description, RouteRequest request, Target target,
			String rule) throws InvalidRoutingFileException {
		RoutingRules rules = new RoutingFileParser().parse(EXAMPLE_FILE.getBytes(StandardCharsets.UTF_8));
		assertThat(rules.decide(request)).isEqualTo(new RouteDecision(target, rule));
	}

	@ParameterizedTest
	@CsvSource({ "legacy-only, LEGACY", "falcon-only, FALCON" })
	void theExampleFileWithAKillSwitchIgnoresItsRules(String mode, Target target) throws InvalidRoutingFileException {
		String file = EXAMPLE_FILE.replace("mode: rules ", "mode: " + mode + " ");
		RoutingRules rules = new RoutingFileParser().parse(file.getBytes(StandardCharsets.UTF_8));
		assertThat(rules.mode().wireName()).isEqualTo(mode);
		exampleFileRequests().forEach((arguments) -> assertThat(rules.decide((RouteRequest) arguments.get()[1]))
			.isEqualTo(new RouteDecision(target, mode)));
	}

	// helpers

	static RouteDecision decide(RoutingRules rules, RouteRequest request) {
		return rules.decide(request);
	}

	@Test
	void rulesWithARepeatedNameAreRefused() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> rules(Target.LEGACY, Rule.always("a", Target.FALCON), Rule.always("b", Target.FALCON),
					Rule.always("a", Target.LEGACY)))
			.withMessage("'a' is used by an earlier rule");
	}

	static RoutingRules rules(Target defaultTarget, Rule... rules) {
		return new RoutingRules(Mode.RULES, defaultTarget, CohortHeaders.DEFAULT, List.of(rules), ShadowSection.NONE,
				"test");
	}

	static RouteRequest get(String path, Client client) {
		return request("GET", path, client);
	}

	static RouteRequest request(String method, String path, Client client) {
		return new RouteRequest(method, path, client);
	}

	static Client client(Platform platform, @Nullable String version, @Nullable String tenant,
			@Nullable String account) {
		ClientVersion parsed = (version != null) ? ClientVersion.parse(version).orElseThrow() : null;
		return new Client(platform, parsed, tenant, account);
	}

	/** Builds a rule field by field, as the routing file would. */
	static final class RuleBuilder {

		private final String name;

		private final Target target;

		private @Nullable List<PathGlob> paths;

		private @Nullable Set<String> methods;

		private @Nullable Set<Platform> platforms;

		private @Nullable VersionRange versions;

		private @Nullable Set<String> tenants;

		private @Nullable Set<String> accounts;

		private @Nullable Rollout rollout;

		RuleBuilder(String name, Target target) {
			this.name = name;
			this.target = target;
		}

		RuleBuilder paths(String... patterns) {
			List<PathGlob> globs = new ArrayList<>();
			for (String pattern : patterns) {
				globs.add(PathGlob.compile(pattern));
			}
			this.paths = globs;
			return this;
		}

		RuleBuilder methods(String... methods) {
			this.methods = Set.of(methods);
			return this;
		}

		RuleBuilder platforms(Platform... platforms) {
			this.platforms = Set.copyOf(Arrays.asList(platforms));
			return this;
		}

		RuleBuilder versions(String range) {
			this.versions = VersionRange.parse(range);
			return this;
		}

		RuleBuilder tenants(String... tenants) {
			this.tenants = Set.of(tenants);
			return this;
		}

		RuleBuilder accounts(String... accounts) {
			this.accounts = Set.of(accounts);
			return this;
		}

		RuleBuilder rollout(int percent, Rollout.By by) {
			this.rollout = new Rollout(percent, by);
			return this;
		}

		Rule build() {
			return new Rule(name, target, paths, methods, platforms, versions, tenants, accounts, rollout);
		}

	}

}
