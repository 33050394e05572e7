package io.aclgateway.routing.rules;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.aclgateway.routing.client.Client;
import io.aclgateway.routing.client.CohortHeaders;
import io.aclgateway.routing.client.Platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Reading the routing file of routing.md: all of it valid, or rejected as a whole with
 * every problem.
 */
class RoutingFileParserTests {

	private final RoutingFileParser parser = new RoutingFileParser();

	// valid files

	@Test
	void readsTheExampleFileOfTheSpecification() throws InvalidRoutingFileException {
		RoutingRules rules = parse(RoutingRulesTests.EXAMPLE_FILE);
		assertThat(rules.mode()).isEqualTo(Mode.RULES);
		assertThat(rules.defaultTarget()).isEqualTo(Target.LEGACY);
		assertThat(rules.cohortHeaders()).isEqualTo(new CohortHeaders("X-Organization-Id", "X-Account-Id"));
		assertThat(rules.rules()).extracting(Rule::name)
			.containsExactly("uploads-stay-on-legacy", "ios-5", "android-5-canary", "pilot-tenants");
		assertThat(rules.rules()).extracting(Rule::target)
			.containsExactly(Target.LEGACY, Target.FALCON, Target.FALCON, Target.FALCON);

		Rule uploads = rules.rules().get(0);
		assertThat(uploads.paths()).extracting(PathGlob::toString).containsExactly("/gateway.php", "/upload/**");
		assertThat(uploads.methods()).isNull();
		assertThat(uploads.platforms()).isNull();
		assertThat(uploads.versions()).isNull();
		assertThat(uploads.tenants()).isNull();
		assertThat(uploads.accounts()).isNull();
		assertThat(uploads.rollout()).isNull();

		Rule ios = rules.rules().get(1);
		assertThat(ios.platforms()).containsExactly(Platform.IOS);
		assertThat(ios.versions()).hasToString(">=5.0.0");
		assertThat(ios.paths()).isNull();

		Rule canary = rules.rules().get(2);
		assertThat(canary.platforms()).containsExactly(Platform.ANDROID);
		assertThat(canary.versions()).hasToString(">=5.0.0 <6.0.0");
		assertThat(canary.rollout()).isEqualTo(new Rollout(25, Rollout.By.ACCOUNT));

		Rule pilot = rules.rules().get(3);
		assertThat(pilot.tenants()).containsExactlyInAnyOrder("1001", "1002");
	}

	@Test
	void readsEveryFieldOfARule() throws InvalidRoutingFileException {
		RoutingRules rules = parse("""
				rules:
				  - name: everything
				    target: falcon
				    paths: ["/api/*/rooms", "/files/**"]
				    methods: [GET, POST]
				    platforms: [ios, android, desktop, web, unknown]
				    versions: ">=1.0.0 <2.0.0"
				    tenants: ["t-1"]
				    accounts: ["a-1", "a-2"]
				    rollout: {percent: 0, by: tenant}
				""");
		Rule rule = rules.rules().get(0);
		assertThat(rule.paths()).extracting(PathGlob::toString).containsExactly("/api/*/rooms", "/files/**");
		assertThat(rule.methods()).containsExactlyInAnyOrder("GET", "POST");
		assertThat(rule.platforms()).containsExactlyInAnyOrder(Platform.values());
		assertThat(rule.versions()).hasToString(">=1.0.0 <2.0.0");
		assertThat(rule.tenants()).containsExactly("t-1");
		assertThat(rule.accounts()).containsExactlyInAnyOrder("a-1", "a-2");
		assertThat(rule.rollout()).isEqualTo(new Rollout(0, Rollout.By.TENANT));
	}

	@Test
	void readsEveryMode() throws InvalidRoutingFileException {
		assertThat(parse("mode: rules").mode()).isEqualTo(Mode.RULES);
		assertThat(parse("mode: legacy-only").mode()).isEqualTo(Mode.LEGACY_ONLY);
		assertThat(parse("mode: falcon-only").mode()).isEqualTo(Mode.FALCON_ONLY);
	}

	@Test
	void readsEitherDefaultTarget() throws InvalidRoutingFileException {
		assertThat(parse("default: falcon").defaultTarget()).isEqualTo(Target.FALCON);
		assertThat(parse("default: legacy").defaultTarget()).isEqualTo(Target.LEGACY);
	}

	@Test
	void aMissingModeMeansRulesAndAMissingDefaultMeansLegacy() throws InvalidRoutingFileException {
		RoutingRules rules = parse("""
				rules:
				  - name: ios
				    platforms: [ios]
				    target: falcon
				""");
		assertThat(rules.mode()).isEqualTo(Mode.RULES);
		assertThat(rules.defaultTarget()).isEqualTo(Target.LEGACY);
		assertThat(rules.decide(new RouteRequest("GET", "/", Client.unknown())))
			.isEqualTo(new RouteDecision(Target.LEGACY, "default"));
	}

	@Test
	void missingHeaderNamesAreTheDefaultOnes() throws InvalidRoutingFileException {
		assertThat(parse("mode: rules").cohortHeaders()).isEqualTo(CohortHeaders.DEFAULT);
		assertThat(CohortHeaders.DEFAULT).isEqualTo(new CohortHeaders("X-Organization-Id", "X-Account-Id"));
	}

	@Test
	void aFileWithoutRulesHasNoRules() throws InvalidRoutingFileException {
		assertThat(parse("mode: rules").rules()).isEmpty();
		assertThat(parse("default: falcon\nrules: []").rules()).isEmpty();
	}

	@Test
	void readsCustomTenantAndAccountHeaderNames() throws InvalidRoutingFileException {
		RoutingRules rules = parse("""
				tenant-header: X-Tenant
				account-header: X-User_Id
				""");
		assertThat(rules.cohortHeaders()).isEqualTo(new CohortHeaders("X-Tenant", "X-User_Id"));
		assertThat(parse("tenant-header: X-Tenant").cohortHeaders())
			.isEqualTo(new CohortHeaders("X-Tenant", "X-Account-Id"));
		assertThat(parse("account-header: X-User").cohortHeaders())
			.isEqualTo(new CohortHeaders("X-Organization-Id", "X-User"));
	}

	@Test
	void readsNumericTenantAndAccountIdsAsText() throws InvalidRoutingFileException {
		RoutingRules rules = parse("""
				rules:
				  - name: pilot
				    tenants: [1001, 1002, 12345678901234567890]
				    accounts: [42]
				    target: falcon
				""");
		Rule rule = rules.rules().get(0);
		assertThat(rule.tenants()).containsExactlyInAnyOrder("1001", "1002", "12345678901234567890");
		assertThat(rule.accounts()).containsExactly("42");
		assertThat(rules.decide(new RouteRequest("GET", "/", new Client(Platform.WEB, null, "1001", "42"))))
			.isEqualTo(new RouteDecision(Target.FALCON, "pilot"));
	}

	@Test
	void readsNumberLikeIdsExactlyAsWritten() throws InvalidRoutingFileException {
		// YAML 1.1 would read 01001 as octal 513 and 1_000 as 1000: an id is text, never
		// a number.
		Rule rule = parse("""
				rules:
				  - name: pilot
				    tenants: [01001, 0x1F, 1_000, "1:30", 1:30, 007, +1001]
				    accounts: [01009, 0b101]
				    target: falcon
				""").rules().get(0);
		assertThat(rule.tenants()).containsExactlyInAnyOrder("01001", "0x1F", "1_000", "1:30", "007", "+1001");
		assertThat(rule.accounts()).containsExactlyInAnyOrder("01009", "0b101");
	}

	@Test
	void aTenantWrittenWithALeadingZeroMatchesOnlyThatTenant() throws InvalidRoutingFileException {
		RoutingRules rules = parse(rule("name: pilot\n    target: falcon\n    tenants: [01001]"));
		assertThat(rules.decide(new RouteRequest("GET", "/", new Client(Platform.WEB, null, "01001", null))).rule())
			.isEqualTo("pilot");
		assertThat(rules.decide(new RouteRequest("GET", "/", new Client(Platform.WEB, null, "513", null))).rule())
			.isEqualTo("default");
	}

	// invalid files

	static Stream<Arguments> invalidFiles() {
		return Stream.of(
				// the file as a whole
				invalid("not YAML", "mode: [rules\n", "file", "not valid YAML"),
				invalid("tab indentation", "rules:\n\t- name: a\n", "file", "not valid YAML"),
				invalid("two documents", "mode: rules\n---\nmode: falcon-only\n", "file", "not valid YAML"),
				invalid("empty file", "", "file", "empty"),
				invalid("only comments", "# nothing yet\n", "file", "empty"),
				invalid("top level is a list", "- mode: rules\n", "file", "must be a mapping"),
				invalid("top level is a scalar", "rules\n", "file", "must be a mapping"),
				invalid("duplicate top-level key", "mode: rules\nmode: falcon-only\n", "file", "duplicate key mode"),
				invalid("duplicate key in a rule", rule("name: a\n    target: falcon\n    target: legacy"), "file",
						"duplicate key target"),
				invalid("unknown top-level field", "mode: rules\nrule: []\n", "rule", "not a known field"),
				invalid("misspelt top-level field", "defaults: falcon\n", "defaults", "not a known field"),
				// mode, default and headers
				invalid("unknown mode", "mode: canary\n", "mode",
						"'canary' is not one of rules, legacy-only, falcon-only"),
				invalid("mode in capitals", "mode: RULES\n", "mode", "is not one of"),
				invalid("unknown default", "default: blue\n", "default", "'blue' is not one of falcon, legacy"),
				invalid("header name with a space", "tenant-header: X Org\n", "tenant-header",
						"not an HTTP header name"),
				invalid("header name with a colon", "account-header: 'X-Account:'\n", "account-header",
						"not an HTTP header name"),
				invalid("empty header name", "tenant-header: ''\n", "tenant-header", "non-empty string"),
				invalid("header name not a string", "account-header: [X-A]\n", "account-header", "non-empty string"),
				// the rules list
				invalid("rules not a list", "rules: {name: a, target: falcon}\n", "rules", "must be a list"),
				invalid("rule not a mapping", "rules: [a]\n", "rules[0]", "must be a mapping"),
				invalid("unknown rule field", rule("name: a\n    target: falcon\n    path: [/x]"), "rules[0].path",
						"not a known field"),
				// name and target
				invalid("missing name", rule("target: falcon"), "rules[0].name", "is required"),
				invalid("empty name", rule("name: ''\n    target: falcon"), "rules[0].name", "non-empty string"),
				invalid("name not a string", rule("name: [a]\n    target: falcon"), "rules[0].name",
						"non-empty string"),
				invalid("name with spaces", rule("name: a b\n    target: falcon"), "rules[0].name", "must be 1 to 64"),
				invalid("missing target", rule("name: a"), "rules[0].target", "is required"),
				invalid("unknown target", rule("name: a\n    target: blue"), "rules[0].target",
						"'blue' is not one of falcon, legacy"),
				invalid("target in capitals", rule("name: a\n    target: Falcon"), "rules[0].target", "is not one of"),
				invalid("duplicate rule name", """
						rules:
						  - name: same
						    target: falcon
						  - name: same
						    target: legacy
						""", "rules[1].name", "'same' is used by an earlier rule"),
				invalid("reserved name default", rule("name: default\n    target: falcon"), "rules[0].name",
						"reserved"),
				invalid("reserved name invalid_path", rule("name: invalid_path\n    target: falcon"), "rules[0].name",
						"reserved"),
				invalid("reserved name legacy-only", rule("name: legacy-only\n    target: falcon"), "rules[0].name",
						"reserved"),
				invalid("reserved name falcon-only", rule("name: falcon-only\n    target: falcon"), "rules[0].name",
						"reserved"),
				// versions
				invalid("version with x", rule("name: a\n    target: falcon\n    versions: \">=5.x\""),
						"rules[0].versions", "'5.x' in '>=5.x' is not a version"),
				invalid("version without operator", rule("name: a\n    target: falcon\n    versions: \"5.0.0\""),
						"rules[0].versions", "must start with one of >=, >, <=, <, ="),
				invalid("second comparator without operator",
						rule("name: a\n    target: falcon\n    versions: \">=5.0.0 6.0.0\""), "rules[0].versions",
						"must start with one of"),
				invalid("operator without version", rule("name: a\n    target: falcon\n    versions: \">=\""),
						"rules[0].versions", "is not a version"),
				invalid("operator spelt =>", rule("name: a\n    target: falcon\n    versions: \"=>5.0.0\""),
						"rules[0].versions", "is not a version"),
				invalid("empty version range", rule("name: a\n    target: falcon\n    versions: \"\""),
						"rules[0].versions", "non-empty"),
				invalid("blank version range", rule("name: a\n    target: falcon\n    versions: \"   \""),
						"rules[0].versions", "non-empty"),
				invalid("version range left empty", rule("name: a\n    target: falcon\n    versions:"),
						"rules[0].versions", "is required"),
				invalid("version range as a list", rule("name: a\n    target: falcon\n    versions: [\">=5.0.0\"]"),
						"rules[0].versions", "non-empty string"),
				// rollout
				invalid("percent below 0", rule("name: a\n    target: falcon\n    rollout: {percent: -1, by: account}"),
						"rules[0].rollout.percent", "0..100"),
				invalid("percent above 100",
						rule("name: a\n    target: falcon\n    rollout: {percent: 101, by: account}"),
						"rules[0].rollout.percent", "0..100"),
				invalid("percent not an integer",
						rule("name: a\n    target: falcon\n    rollout: {percent: 12.5, by: account}"),
						"rules[0].rollout.percent", "whole number"),
				invalid("percent with a leading zero",
						rule("name: a\n    target: falcon\n    rollout: {percent: 025, by: account}"),
						"rules[0].rollout.percent", "whole number"),
				invalid("percent in hexadecimal",
						rule("name: a\n    target: falcon\n    rollout: {percent: 0x19, by: account}"),
						"rules[0].rollout.percent", "whole number"),
				invalid("percent as text",
						rule("name: a\n    target: falcon\n    rollout: {percent: '25', by: account}"),
						"rules[0].rollout.percent", "whole number"),
				invalid("percent missing", rule("name: a\n    target: falcon\n    rollout: {by: account}"),
						"rules[0].rollout.percent", "whole number"),
				invalid("rollout by an unknown key",
						rule("name: a\n    target: falcon\n    rollout: {percent: 5, by: user}"), "rules[0].rollout.by",
						"'user' is not one of tenant, account"),
				invalid("rollout without by", rule("name: a\n    target: falcon\n    rollout: {percent: 5}"),
						"rules[0].rollout.by", "is required"),
				invalid("unknown rollout field",
						rule("name: a\n    target: falcon\n    rollout: {percent: 5, by: account, salt: x}"),
						"rules[0].rollout.salt", "not a known field"),
				invalid("rollout not a mapping", rule("name: a\n    target: falcon\n    rollout: 25"),
						"rules[0].rollout", "must be a mapping"),
				// platforms and methods
				invalid("unknown platform", rule("name: a\n    target: falcon\n    platforms: [ios, windows]"),
						"rules[0].platforms[1]", "'windows' is not one of ios, android, desktop, web, unknown"),
				invalid("unknown method", rule("name: a\n    target: falcon\n    methods: [GET, FETCH]"),
						"rules[0].methods[1]", "'FETCH' is not an HTTP method"),
				// paths
				invalid("path not starting with /", rule("name: a\n    target: falcon\n    paths: [\"upload/**\"]"),
						"rules[0].paths[0]", "must start with '/'"),
				invalid("* inside a segment", rule("name: a\n    target: falcon\n    paths: [\"/upload/*.php\"]"),
						"rules[0].paths[0]", "must be a whole segment"),
				invalid("** inside a segment", rule("name: a\n    target: falcon\n    paths: [\"/x\", \"/upload**\"]"),
						"rules[0].paths[1]", "must be a whole segment"),
				invalid("path spelled otherwise than its normal form, which is what rules match",
						rule("name: a\n    target: falcon\n    paths: [\"/%75pload/**\"]"), "rules[0].paths[0]",
						"write it '/upload/**'"),
				invalid("path with lower-case hex", rule("name: a\n    target: falcon\n    paths: [\"/caf%c3%a9\"]"),
						"rules[0].paths[0]", "write it '/caf%C3%A9'"),
				invalid("path with repeated slashes", rule("name: a\n    target: falcon\n    paths: [\"//upload/**\"]"),
						"rules[0].paths[0]", "write it '/upload/**'"),
				invalid("path without one meaning",
						rule("name: a\n    target: falcon\n    paths: [\"/v1/../upload/**\"]"), "rules[0].paths[0]",
						"has no single meaning"),
				invalid("paths not a list", rule("name: a\n    target: falcon\n    paths: /upload/**"),
						"rules[0].paths", "non-empty list"),
				// empty lists and empty elements
				invalid("empty paths", rule("name: a\n    target: falcon\n    paths: []"), "rules[0].paths",
						"non-empty list"),
				invalid("empty methods", rule("name: a\n    target: falcon\n    methods: []"), "rules[0].methods",
						"non-empty list"),
				invalid("empty platforms", rule("name: a\n    target: falcon\n    platforms: []"), "rules[0].platforms",
						"non-empty list"),
				invalid("empty tenants", rule("name: a\n    target: falcon\n    tenants: []"), "rules[0].tenants",
						"non-empty list"),
				invalid("empty accounts", rule("name: a\n    target: falcon\n    accounts: []"), "rules[0].accounts",
						"non-empty list"),
				invalid("tenants left empty", rule("name: a\n    target: falcon\n    tenants:"), "rules[0].tenants",
						"must be a non-empty list, was nothing"),
				invalid("accounts left empty", rule("name: a\n    target: falcon\n    accounts:"), "rules[0].accounts",
						"must be a non-empty list, was nothing"),
				invalid("paths left empty", rule("name: a\n    target: falcon\n    paths:"), "rules[0].paths",
						"must be a non-empty list, was nothing"),
				invalid("methods left empty", rule("name: a\n    target: falcon\n    methods: ~"), "rules[0].methods",
						"must be a non-empty list, was nothing"),
				invalid("platforms left empty", rule("name: a\n    target: falcon\n    platforms: null"),
						"rules[0].platforms", "must be a non-empty list, was nothing"),
				invalid("rollout left empty", rule("name: a\n    target: falcon\n    rollout:"), "rules[0].rollout",
						"must be a mapping, was nothing"),
				invalid("empty tenant id", rule("name: a\n    target: falcon\n    tenants: [\"1001\", \"\"]"),
						"rules[0].tenants[1]", "non-empty string"),
				invalid("tenant id not a scalar", rule("name: a\n    target: falcon\n    tenants: [[1001]]"),
						"rules[0].tenants[0]", "non-empty string"),
				invalid("account id left empty", rule("name: a\n    target: falcon\n    accounts: [~]"),
						"rules[0].accounts[0]", "non-empty string"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("invalidFiles")
	void rejectsAnInvalidFileNamingTheFieldAndTheReason(String description, String file, String field, String reason) {
		InvalidRoutingFileException rejection = catchThrowableOfType(InvalidRoutingFileException.class,
				() -> parse(file));
		assertThat(rejection).as("%s must be rejected", description).isNotNull();
		assertThat(rejection.problems()).as(description)
			.anySatisfy(problem -> assertThat(problem).startsWith(field + ": ").contains(reason));
		assertThat(rejection.getMessage()).contains(field).contains(reason);
	}

	@Test
	void rejectsTheWholeFileWhenOneRuleIsInvalid() {
		String file = """
				rules:
				  - name: uploads
				    paths: ["/upload/**"]
				    target: legacy
				  - name: ios
				    platforms: [ios]
				    target: falcon
				  - name: broken
				    platforms: [android]
				    target: falkon
				  - name: pilot
				    tenants: ["1001"]
				    target: falcon
				""";
		assertThatExceptionOfType(InvalidRoutingFileException.class).isThrownBy(() -> parse(file))
			.satisfies(ex -> assertThat(ex.problems())
				.containsExactly("rules[2].target: 'falkon' is not one of falcon, legacy"));
	}

	@Test
	void rejectsTheWholeFileWhenOnlyAHeaderNameIsInvalid() {
		assertThatExceptionOfType(InvalidRoutingFileException.class)
			.isThrownBy(() -> parse(RoutingRulesTests.EXAMPLE_FILE.replace("X-Account-Id", "X Account Id")))
			.satisfies(ex -> assertThat(ex.problems()).singleElement().asString().startsWith("account-header: "));
	}

	@Test
	void reportsEveryProblemOfAFileInOrder() {
		String file = """
				mode: canary
				default: legacy
				tenant-header: "X Org"
				colour: blue
				rules:
				  - name: a
				    target: falkon
				  - name: b
				    target: falcon
				    rollout: {percent: 101, by: user}
				  - name: c
				    target: legacy
				    paths: ["/ok", "nope"]
				    versions: "5.0.0"
				  - name: a
				    target: legacy
				  - target: falcon
				""";
		InvalidRoutingFileException rejection = catchThrowableOfType(InvalidRoutingFileException.class,
				() -> parse(file));
		assertThat(rejection).isNotNull();
		assertThat(rejection.problems()).extracting(problem -> problem.substring(0, problem.indexOf(": ")))
			.containsExactlyInAnyOrder("colour", "mode", "tenant-header", "rules[0].target", "rules[1].rollout.percent",
					"rules[1].rollout.by", "rules[2].paths[1]", "rules[2].versions", "rules[4].name");
	}

	/**
	 * The domain finds repeated names once all rules are read; each is still told at its
	 * place in the file.
	 */
	@Test
	void reportsARepeatedNameWhereTheRuleStandsInTheFile() {
		InvalidRoutingFileException rejection = catchThrowableOfType(InvalidRoutingFileException.class, () -> parse("""
				rules:
				  - name: a
				    target: falcon
				  - name: a
				    target: legacy
				  - name: b
				    target: blue
				  - name: a
				    target: legacy
				  - name: c
				    target: green
				"""));
		assertThat(rejection).isNotNull();
		assertThat(rejection.problems()).containsExactly("rules[1].name: 'a' is used by an earlier rule",
				"rules[2].target: 'blue' is not one of falcon, legacy", "rules[3].name: 'a' is used by an earlier rule",
				"rules[4].target: 'green' is not one of falcon, legacy");
	}

	@Test
	void reportsEveryProblemOfOneRule() {
		InvalidRoutingFileException rejection = catchThrowableOfType(InvalidRoutingFileException.class,
				() -> parse(rule("name: default\n    target: blue\n    platforms: [bsd]\n    methods: [FETCH]")));
		assertThat(rejection).isNotNull();
		assertThat(rejection.problems()).extracting(problem -> problem.substring(0, problem.indexOf(": ")))
			.containsExactlyInAnyOrder("rules[0].name", "rules[0].target", "rules[0].platforms[0]",
					"rules[0].methods[0]");
	}

	@Test
	void everyProblemNamesAFieldAndAReason() {
		InvalidRoutingFileException rejection = catchThrowableOfType(InvalidRoutingFileException.class,
				() -> parse("mode: x\ndefault: y\nrules: [{name: a}]\n"));
		assertThat(rejection.problems()).hasSize(3)
			.allSatisfy(problem -> assertThat(problem).matches("[a-z\\[\\]0-9.-]+: \\S.*"));
	}

	@Test
	void refusesAFileLargerThanTheLimit() {
		byte[] large = ("# " + "x".repeat(RoutingFileParser.MAX_FILE_BYTES) + "\nmode: rules\n")
			.getBytes(StandardCharsets.UTF_8);
		assertThatExceptionOfType(InvalidRoutingFileException.class).isThrownBy(() -> parser.parse(large))
			.satisfies(ex -> assertThat(ex.problems()).singleElement().asString().startsWith("file: "));
	}

	@Test
	void refusesYamlThatWouldBuildJavaObjects() {
		assertThatExceptionOfType(InvalidRoutingFileException.class)
			.isThrownBy(() -> parse("mode: !!java.io.File /etc/passwd\n"))
			.satisfies(ex -> assertThat(ex.problems()).singleElement().asString().startsWith("file: "));
	}

	// version of the rules

	@Test
	void theVersionIsTheSameForTheSameBytes() throws InvalidRoutingFileException {
		String first = parse(RoutingRulesTests.EXAMPLE_FILE).version();
		assertThat(first).isNotBlank();
		assertThat(parse(RoutingRulesTests.EXAMPLE_FILE).version()).isEqualTo(first);
		assertThat(new RoutingFileParser().parse(RoutingRulesTests.EXAMPLE_FILE.getBytes(StandardCharsets.UTF_8))
			.version()).isEqualTo(first);
	}

	@Test
	void theVersionDiffersForDifferentBytes() throws InvalidRoutingFileException {
		String example = parse(RoutingRulesTests.EXAMPLE_FILE).version();
		Set<String> versions = Set.of(example, parse(RoutingRulesTests.EXAMPLE_FILE + "# a comment\n").version(),
				parse(RoutingRulesTests.EXAMPLE_FILE.replace("percent: 25", "percent: 26")).version(),
				parse("mode: rules").version(), parse("mode: falcon-only").version());
		assertThat(versions).hasSize(5);
		assertThat(parse(RoutingRulesTests.EXAMPLE_FILE.replace("percent: 25", "percent: 26")).version())
			.isNotEqualTo(example);
	}

	// helpers

	private RoutingRules parse(String file) throws InvalidRoutingFileException {
		return parser.parse(file.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * A file with a single rule whose fields are given, indented as the second and later
	 * lines of a rule.
	 */
	private static String rule(String fields) {
		return "rules:\n  - " + fields + "\n";
	}

	private static Arguments invalid(String description, String file, String field, String reason) {
		return arguments(description, file, field, reason);
	}

}
