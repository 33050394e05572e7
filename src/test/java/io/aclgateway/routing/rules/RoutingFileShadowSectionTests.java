package io.aclgateway.routing.rules;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.aclgateway.routing.client.Client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * The routing file's {@code shadow} section (shadow.md section 1): read whole, or the
 * whole file rejected with every problem at its place.
 */
class RoutingFileShadowSectionTests {

	/** The section of shadow.md section 1, word for word. */
	static final String SPEC_SECTION = """
			shadow:
			  percent: 10
			  noise-percent: 5
			  rules:
			    - name: rooms-read
			      paths: ["/v1/rooms/**"]
			      methods: [GET]
			      repeatable: true
			      room: "/v1/rooms/{rid}/**"
			      compare:
			        legacy: /result
			        falcon: ""
			        ignore: ["/**/updated_at", "/request_id"]
			        unordered: ["/members"]
			        status: true
			""";

	private final RoutingFileParser parser = new RoutingFileParser();

	// valid sections

	@Test
	void readsTheSectionOfTheSpecification() throws InvalidRoutingFileException {
		ShadowSection shadow = parse(SPEC_SECTION).shadow();
		assertThat(shadow.percent()).isEqualTo(10);
		assertThat(shadow.noisePercent()).isEqualTo(5);
		ShadowRule rule = shadow.rules().get(0);
		assertThat(rule.name()).isEqualTo("rooms-read");
		assertThat(rule.paths()).extracting(PathGlob::toString).containsExactly("/v1/rooms/**");
		assertThat(rule.methods()).containsExactly("GET");
		assertThat(rule.idempotent()).isFalse();
		assertThat(rule.repeatable()).isTrue();
		assertThat(rule.room()).hasToString("/v1/rooms/{rid}/**");
		assertThat(rule.roomId("/v1/rooms/42/messages")).hasValue(42);
		assertThat(rule.compare()).isEqualTo(new ShadowComparison("/result", "",
				List.of(PointerPattern.compile("/**/updated_at"), PointerPattern.compile("/request_id")),
				List.of(PointerPattern.compile("/members")), true));
	}

	@Test
	void aFileWithoutAShadowSectionShadowsNothing() throws InvalidRoutingFileException {
		assertThat(parse("mode: rules\n").shadow()).isEqualTo(ShadowSection.NONE);
		assertThat(parse(RoutingRulesTests.EXAMPLE_FILE).shadow()).isEqualTo(ShadowSection.NONE);
	}

	@Test
	void theShadowSectionSitsBesideTheRoutingRules() throws InvalidRoutingFileException {
		RoutingRules rules = parse(RoutingRulesTests.EXAMPLE_FILE + SPEC_SECTION);
		assertThat(rules.rules()).hasSize(4);
		assertThat(rules.shadow().rules()).extracting(ShadowRule::name).containsExactly("rooms-read");
	}

	@Test
	void absentFieldsTakeTheirDefaults() throws InvalidRoutingFileException {
		ShadowSection shadow = parse("""
				shadow:
				  percent: 100
				  rules:
				    - name: everything-read
				""").shadow();
		assertThat(shadow.noisePercent()).isZero();
		ShadowRule rule = shadow.rules().get(0);
		assertThat(rule.paths()).isNull();
		assertThat(rule.methods()).isNull();
		assertThat(rule.idempotent()).isFalse();
		assertThat(rule.repeatable()).isTrue();
		assertThat(rule.room()).isNull();
		assertThat(rule.compare()).isEqualTo(ShadowComparison.WHOLE_BODIES);
		assertThat(rule.selects(new RouteRequest("GET", "/anything", Client.unknown()))).isTrue();
		assertThat(rule.selects(new RouteRequest("head", "/anything", Client.unknown()))).isTrue();
		assertThat(rule.selects(new RouteRequest("POST", "/anything", Client.unknown()))).isFalse();
	}

	@Test
	void compareFieldsLeftOutAreTheWholeBodyAndNothingIgnored() throws InvalidRoutingFileException {
		ShadowRule rule = parse(shadowRule("name: a\n      compare: {legacy: /data, status: false}")).shadow()
			.rules()
			.get(0);
		assertThat(rule.compare()).isEqualTo(new ShadowComparison("/data", "", List.of(), List.of(), false));
	}

	@Test
	void anIdempotentRuleMayCopyOtherMethods() throws InvalidRoutingFileException {
		ShadowRule rule = parse(shadowRule("name: search\n      methods: [post]\n      idempotent: true")).shadow()
			.rules()
			.get(0);
		assertThat(rule.methods()).containsExactly("POST");
		assertThat(rule.selects(new RouteRequest("POST", "/search", Client.unknown()))).isTrue();
		assertThat(rule.selects(new RouteRequest("GET", "/search", Client.unknown()))).isFalse();
	}

	@Test
	void aRuleNotRepeatableIsFineWithNoiseSamplesItJustNeverGetsOne() throws InvalidRoutingFileException {
		ShadowSection shadow = parse("""
				shadow:
				  percent: 10
				  noise-percent: 100
				  rules:
				    - name: receipts
				      repeatable: false
				""").shadow();
		ShadowRule rule = shadow.rules().get(0);
		assertThat(rule.repeatable()).isFalse();
		assertThat(shadow.noiseSampled(rule, 0)).isFalse();
	}

	@Test
	void readsEscapedKeysAndABodyThatIsAnArray() throws InvalidRoutingFileException {
		ShadowComparison compare = parse(shadowRule(
				"name: a\n      compare: {legacy: \"/a~1b/c~0d\", unordered: [\"\", \"/*/tags\"], ignore: [\"/**/~0id\"]}"))
			.shadow()
			.rules()
			.get(0)
			.compare();
		assertThat(compare.legacy()).isEqualTo("/a~1b/c~0d");
		assertThat(compare.unordered()).extracting(PointerPattern::toString).containsExactly("", "/*/tags");
		assertThat(compare.ignore().get(0).matches("/x/~0id")).isTrue();
	}

	@Test
	void aRoomIdIsTheDecimalAtItsPlace() throws InvalidRoutingFileException {
		ShadowRule rule = parse(shadowRule("name: a\n      room: \"/v1/*/rooms/{rid}\"")).shadow().rules().get(0);
		assertThat(rule.roomId("/v1/x/rooms/9007199254740993")).hasValue(9007199254740993L);
		assertThat(rule.roomId("/v1/x/rooms/007")).hasValue(7);
		assertThat(rule.roomId("/v1/x/rooms/abc")).isEmpty();
		assertThat(rule.roomId("/v1/x/rooms/-1")).isEmpty();
		assertThat(rule.roomId("/v1/x/rooms/99999999999999999999")).isEmpty();
		assertThat(rule.roomId("/v1/x/rooms/")).isEmpty();
		assertThat(rule.roomId("/v1/x/rooms/1/messages")).isEmpty();
		assertThat(rule.roomId("/v2/rooms/1")).isEmpty();
		assertThat(parse(shadowRule("name: a")).shadow().rules().get(0).roomId("/v1/rooms/1"))
			.isEqualTo(OptionalLong.empty());
	}

	// invalid sections

	static Stream<Arguments> invalidShadowSections() {
		return Stream.of(
				// the section
				invalid("shadow section not a mapping", "shadow: [a]\n", "shadow", "must be a mapping, was a list"),
				invalid("shadow section left empty", "shadow:\n", "shadow", "must be a mapping, was nothing"),
				invalid("unknown shadow field", "shadow:\n  percent: 5\n  sample: 3\n", "shadow.sample",
						"is not a known field"),
				invalid("shadow percent missing", "shadow:\n  rules: []\n", "shadow.percent",
						"must be a whole number 0..100, was nothing"),
				invalid("shadow percent above 100", "shadow:\n  percent: 101\n", "shadow.percent",
						"must be 0..100, was 101"),
				invalid("shadow percent below 0", "shadow:\n  percent: -1\n", "shadow.percent",
						"must be 0..100, was -1"),
				invalid("shadow percent as text", "shadow:\n  percent: '10'\n", "shadow.percent",
						"must be a whole number 0..100, was '10'"),
				invalid("shadow percent not whole", "shadow:\n  percent: 2.5\n", "shadow.percent",
						"must be a whole number 0..100, was '2.5'"),
				invalid("noise percent above 100", "shadow:\n  percent: 5\n  noise-percent: 101\n",
						"shadow.noise-percent", "must be 0..100, was 101"),
				invalid("noise percent as text", "shadow:\n  percent: 5\n  noise-percent: some\n",
						"shadow.noise-percent", "must be a whole number 0..100, was 'some'"),
				invalid("shadow rules not a list", "shadow:\n  percent: 5\n  rules: {name: a}\n", "shadow.rules",
						"must be a list, was a mapping"),
				invalid("shadow rule not a mapping", "shadow:\n  percent: 5\n  rules: [a]\n", "shadow.rules[0]",
						"must be a mapping, was 'a'"),
				// a rule's name and fields
				invalid("unknown shadow rule field", shadowRule("name: a\n      target: falcon"),
						"shadow.rules[0].target", "is not a known field"),
				invalid("shadow rule without a name", shadowRule("paths: [\"/x\"]"), "shadow.rules[0].name",
						"is required"),
				invalid("shadow rule name with spaces", shadowRule("name: a b"), "shadow.rules[0].name",
						"'a b' must be 1 to 64"),
				invalid("duplicate shadow rule name", """
						shadow:
						  percent: 5
						  rules:
						    - name: same
						    - name: other
						    - name: same
						""", "shadow.rules[2].name", "'same' is used by an earlier shadow rule"),
				// paths and methods
				invalid("shadow path not starting with /", shadowRule("name: a\n      paths: [\"v1/**\"]"),
						"shadow.rules[0].paths[0]", "must start with '/'"),
				invalid("shadow path not in its normal form", shadowRule("name: a\n      paths: [\"/%761/**\"]"),
						"shadow.rules[0].paths[0]", "write it '/v1/**'"),
				invalid("shadow paths empty", shadowRule("name: a\n      paths: []"), "shadow.rules[0].paths",
						"must be a non-empty list"),
				invalid("unknown shadow method", shadowRule("name: a\n      methods: [GET, FETCH]"),
						"shadow.rules[0].methods[1]", "'FETCH' is not an HTTP method"),
				invalid("shadow methods empty", shadowRule("name: a\n      methods: []"), "shadow.rules[0].methods",
						"must be a non-empty list"),
				invalid("POST without idempotent", shadowRule("name: a\n      methods: [GET, POST]"),
						"shadow.rules[0].methods", "POST may be copied only by a rule marked 'idempotent: true'"),
				invalid("DELETE and PUT with idempotent false",
						shadowRule("name: a\n      methods: [DELETE, PUT]\n      idempotent: false"),
						"shadow.rules[0].methods", "DELETE, PUT may be copied only"),
				invalid("CONNECT even when idempotent",
						shadowRule("name: a\n      methods: [CONNECT]\n      idempotent: true"),
						"shadow.rules[0].methods[0]", "'CONNECT' opens a tunnel"),
				// flags
				invalid("idempotent not a boolean", shadowRule("name: a\n      idempotent: sometimes"),
						"shadow.rules[0].idempotent", "must be true or false, was 'sometimes'"),
				invalid("repeatable not a boolean", shadowRule("name: a\n      repeatable: 1"),
						"shadow.rules[0].repeatable", "must be true or false, was '1'"),
				// room
				invalid("room without {rid}", shadowRule("name: a\n      room: \"/v1/rooms/*\""),
						"shadow.rules[0].room", "must have exactly one segment {rid}"),
				invalid("room with two {rid}", shadowRule("name: a\n      room: \"/v1/{rid}/{rid}\""),
						"shadow.rules[0].room", "must have exactly one segment {rid}"),
				invalid("room with {rid} inside a segment", shadowRule("name: a\n      room: \"/v1/room-{rid}\""),
						"shadow.rules[0].room", "must have exactly one segment {rid}"),
				invalid("room with ** before {rid}", shadowRule("name: a\n      room: \"/**/rooms/{rid}\""),
						"shadow.rules[0].room", "'**' before {rid}"),
				invalid("room with another placeholder", shadowRule("name: a\n      room: \"/v1/{org}/rooms/{rid}\""),
						"shadow.rules[0].room", "names no other segment than {rid}"),
				invalid("room not starting with /", shadowRule("name: a\n      room: \"v1/rooms/{rid}\""),
						"shadow.rules[0].room", "must start with '/'"),
				invalid("room not in its normal form", shadowRule("name: a\n      room: \"//v1/rooms/{rid}\""),
						"shadow.rules[0].room", "write it '/v1/rooms/{rid}'"),
				invalid("room with * inside a segment", shadowRule("name: a\n      room: \"/v1/r*/{rid}\""),
						"shadow.rules[0].room", "must be a whole segment"),
				invalid("room left empty", shadowRule("name: a\n      room:"), "shadow.rules[0].room", "is required"),
				// compare
				invalid("compare not a mapping", shadowRule("name: a\n      compare: whole"), "shadow.rules[0].compare",
						"must be a mapping, was 'whole'"),
				invalid("compare left empty", shadowRule("name: a\n      compare:"), "shadow.rules[0].compare",
						"must be a mapping, was nothing"),
				invalid("unknown compare field", shadowRule("name: a\n      compare: {legacy: /r, order: any}"),
						"shadow.rules[0].compare.order", "is not a known field"),
				invalid("legacy pointer not starting with /", shadowRule("name: a\n      compare: {legacy: result}"),
						"shadow.rules[0].compare.legacy", "'result' must start with '/'"),
				invalid("falcon pointer with a bad escape", shadowRule("name: a\n      compare: {falcon: \"/a~2\"}"),
						"shadow.rules[0].compare.falcon", "'~' not followed by 0 or 1"),
				invalid("falcon pointer with a wildcard", shadowRule("name: a\n      compare: {falcon: \"/data/*\"}"),
						"shadow.rules[0].compare.falcon", "must point to one place"),
				invalid("legacy pointer not a string", shadowRule("name: a\n      compare: {legacy: [r]}"),
						"shadow.rules[0].compare.legacy", "must be a JSON pointer"),
				invalid("legacy pointer left empty", shadowRule("name: a\n      compare: {legacy: }"),
						"shadow.rules[0].compare.legacy",
						"must be a JSON pointer (\"\" for the whole body), was nothing"),
				invalid("ignore not a list", shadowRule("name: a\n      compare: {ignore: /id}"),
						"shadow.rules[0].compare.ignore", "must be a list of JSON pointer patterns"),
				invalid("ignore pattern without /", shadowRule("name: a\n      compare: {ignore: [\"/ok\", \"id\"]}"),
						"shadow.rules[0].compare.ignore[1]", "'id' must start with '/'"),
				invalid("ignore pattern with * inside a segment",
						shadowRule("name: a\n      compare: {ignore: [\"/*_at\"]}"),
						"shadow.rules[0].compare.ignore[0]", "must be a whole segment, not part of '*_at'"),
				invalid("ignore pattern not a string", shadowRule("name: a\n      compare: {ignore: [3]}"),
						"shadow.rules[0].compare.ignore[0]", "must be a JSON pointer pattern, was '3'"),
				invalid("ignoring the whole body", shadowRule("name: a\n      compare: {ignore: [\"\"]}"),
						"shadow.rules[0].compare.ignore[0]", "matches the whole answer"),
				invalid("ignoring everything with **", shadowRule("name: a\n      compare: {ignore: [\"/**\"]}"),
						"shadow.rules[0].compare.ignore[0]", "'/**' matches the whole answer"),
				invalid("unordered pattern with a bad escape",
						shadowRule("name: a\n      compare: {unordered: [\"/tags~\"]}"),
						"shadow.rules[0].compare.unordered[0]", "'~' not followed by 0 or 1"),
				invalid("status not a boolean", shadowRule("name: a\n      compare: {status: class}"),
						"shadow.rules[0].compare.status", "must be true or false, was 'class'"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("invalidShadowSections")
	void rejectsTheWholeFileNamingTheShadowFieldAndTheReason(String description, String file, String field,
			String reason) {
		InvalidRoutingFileException rejection = catchThrowableOfType(InvalidRoutingFileException.class,
				() -> parse(RoutingRulesTests.EXAMPLE_FILE + file));
		assertThat(rejection).as("%s must be rejected", description).isNotNull();
		assertThat(rejection.problems()).as(description)
			.anySatisfy(problem -> assertThat(problem).startsWith(field + ": ").contains(reason));
	}

	@Test
	void reportsEveryProblemOfTheRulesAndTheShadowSectionInOrder() {
		InvalidRoutingFileException rejection = catchThrowableOfType(InvalidRoutingFileException.class, () -> parse("""
				rules:
				  - name: a
				    target: blue
				shadow:
				  percent: 200
				  colour: red
				  rules:
				    - name: x
				      methods: [POST]
				      room: "/rooms/*"
				    - name: y
				      compare: {ignore: ["/**"], legacy: nope}
				    - name: x
				"""));
		assertThat(rejection).isNotNull();
		assertThat(rejection.problems()).extracting(problem -> problem.substring(0, problem.indexOf(": ")))
			.containsExactly("rules[0].target", "shadow.colour", "shadow.percent", "shadow.rules[0].methods",
					"shadow.rules[0].room", "shadow.rules[1].compare.legacy", "shadow.rules[1].compare.ignore[0]",
					"shadow.rules[2].name");
	}

	@Test
	void aValidShadowSectionDoesNotSaveAFileWhoseRulesAreInvalid() {
		InvalidRoutingFileException rejection = catchThrowableOfType(InvalidRoutingFileException.class,
				() -> parse("rules:\n  - name: a\n    target: mars\n" + SPEC_SECTION));
		assertThat(rejection).isNotNull();
		assertThat(rejection.problems()).containsExactly("rules[0].target: 'mars' is not one of falcon, legacy");
	}

	// helpers

	private RoutingRules parse(String file) throws InvalidRoutingFileException {
		return parser.parse(file.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * A file with a shadow section of one rule whose fields are given, indented as the
	 * second and later lines of a shadow rule.
	 */
	static String shadowRule(String fields) {
		return "shadow:\n  percent: 5\n  rules:\n    - " + fields + "\n";
	}

	private static Arguments invalid(String description, String file, String field, String reason) {
		return arguments(description, file, field, reason);
	}

}
