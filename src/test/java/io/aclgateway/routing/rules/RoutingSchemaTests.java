package io.aclgateway.routing.rules;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.error.YAMLException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.aclgateway.routing.client.Platform;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * config/routing.schema.json, which editors validate routing files with as they are
 * typed, held to the gateway's parser: the same field names, enums and patterns; every
 * valid file of the tests valid for both; every invalid one refused by both, except what
 * a JSON Schema cannot express (listed here).
 */
class RoutingSchemaTests {

	static final Path SCHEMA_FILE = Path.of("config/routing.schema.json");

	/**
	 * Invalid files (RoutingFileParserTests.invalidFiles) a JSON Schema cannot refuse: a
	 * name unique across the items of a list, and a version's grammar (the schema checks
	 * the comparators' shape only).
	 */
	static final Set<String> BEYOND_THE_SCHEMA = Set.of("duplicate rule name", "version with x");

	/**
	 * Invalid shadow sections (RoutingFileShadowSectionTests.invalidShadowSections) a
	 * JSON Schema cannot refuse: a name unique across the items of a list.
	 */
	static final Set<String> SHADOW_BEYOND_THE_SCHEMA = Set.of("duplicate shadow rule name");

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final JsonNode schemaJson = json.readTree(read(SCHEMA_FILE));

	private static final Schema schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
		.getSchema(schemaJson);

	private final RoutingFileParser parser = new RoutingFileParser();

	static Stream<String> validFiles() {
		return Stream.of(read(Path.of("config/routing.yml")), RoutingRulesTests.EXAMPLE_FILE, "mode: rules\n",
				"mode: legacy-only\n", "mode: falcon-only\ndefault: falcon\n", "default: falcon\nrules: []\n",
				"tenant-header: X-Tenant\naccount-header: X-User_Id\n", """
						rules:
						  - name: everything
						    target: falcon
						    paths: ["/api/*/rooms", "/files/**", "/"]
						    methods: [GET, POST, CONNECT]
						    platforms: [ios, android, desktop, web, unknown]
						    versions: ">=1.0.0 <2.0.0"
						    tenants: ["t-1"]
						    accounts: ["a-1", "a-2"]
						    rollout: {percent: 0, by: tenant}
						  - name: canary.v2_x-1
						    target: legacy
						    versions: "=5.0.0-beta.1"
						    rollout: {percent: 100, by: account}
						""", """
						rules:
						  - name: pilot
						    tenants: [1001, 1002, 12345678901234567890, 01001, 0x1F, 1_000, "1:30", 007, +1001]
						    accounts: [42, 0b101]
						    target: falcon
						""", RoutingFileShadowSectionTests.SPEC_SECTION, "shadow: {percent: 0}\n", """
						shadow:
						  percent: 100
						  noise-percent: 0
						  rules:
						    - name: search
						      paths: ["/v1/search", "/v1/*/find/**"]
						      methods: [POST, GET, PUT, DELETE, PATCH, OPTIONS, TRACE, HEAD]
						      idempotent: true
						      repeatable: false
						      room: "/v1/*/rooms/{rid}/**"
						      compare:
						        legacy: "/a~1b/c~0d"
						        falcon: /data/0
						        ignore: ["/*", "/**/id", "/x/~0/**"]
						        unordered: ["", "/**", "/*/tags"]
						        status: false
						    - name: everything-read
						    - name: heads
						      methods: [HEAD]
						      idempotent: false
						      compare: {}
						""");
	}

	@ParameterizedTest
	@MethodSource("validFiles")
	void everyFileTheGatewayAppliesIsValidForTheSchema(String file) throws InvalidRoutingFileException {
		parser.parse(file.getBytes(StandardCharsets.UTF_8));
		assertThat(errors(file)).as(file).isEmpty();
	}

	@Test
	void everyFileTheGatewayRejectsIsRejectedByTheSchemaSaveWhatNoSchemaCanExpress() {
		List<String> acceptedByTheSchema = RoutingFileParserTests.invalidFiles()
			.map(arguments -> arguments.get())
			.filter(arguments -> errors((String) arguments[1]).isEmpty())
			.map(arguments -> (String) arguments[0])
			.toList();
		assertThat(acceptedByTheSchema).containsExactlyInAnyOrderElementsOf(BEYOND_THE_SCHEMA);
	}

	@Test
	void everyShadowSectionTheGatewayRejectsIsRejectedByTheSchemaSaveWhatNoSchemaCanExpress() {
		List<String> acceptedByTheSchema = RoutingFileShadowSectionTests.invalidShadowSections()
			.map(arguments -> arguments.get())
			.filter(arguments -> errors((String) arguments[1]).isEmpty())
			.map(arguments -> (String) arguments[0])
			.toList();
		assertThat(acceptedByTheSchema).containsExactlyInAnyOrderElementsOf(SHADOW_BEYOND_THE_SCHEMA);
	}

	@Test
	void shadowFieldNamesAreTheParsers() {
		JsonNode shadow = schemaJson.at("/$defs/shadow");
		assertThat(fieldNames(shadow)).isEqualTo(new TreeSet<>(RoutingFileParser.SHADOW_FIELDS));
		assertThat(fieldNames(schemaJson.at("/$defs/shadowRule")))
			.isEqualTo(new TreeSet<>(RoutingFileParser.SHADOW_RULE_FIELDS));
		assertThat(fieldNames(schemaJson.at("/$defs/comparison")))
			.isEqualTo(new TreeSet<>(RoutingFileParser.COMPARE_FIELDS));
		assertThat(strings(shadow.at("/required"))).containsExactly("percent");
		assertThat(strings(schemaJson.at("/$defs/shadowRule/required"))).containsExactly("name");
		assertThat(schemaJson.at("/$defs/shadowRule/properties/name/pattern").asString())
			.isEqualTo("^" + RoutingFileParser.RULE_NAME.pattern() + "$");
		Set<String> shadowMethods = new TreeSet<>(RoutingFileParser.METHODS);
		shadowMethods.remove("CONNECT");
		assertThat(strings(schemaJson.at("/$defs/shadowRule/properties/methods/items/enum"))).isEqualTo(shadowMethods);
		assertThat(strings(schemaJson.at("/$defs/shadowRule/then/properties/methods/items/enum")))
			.isEqualTo(ShadowRule.SAFE_METHODS);
	}

	@Test
	void fieldNamesAreTheParsers() {
		assertThat(fieldNames(schemaJson)).isEqualTo(new TreeSet<>(RoutingFileParser.FILE_FIELDS));
		assertThat(fieldNames(rule())).isEqualTo(new TreeSet<>(RoutingFileParser.RULE_FIELDS));
		assertThat(fieldNames(rule().at("/properties/rollout")))
			.isEqualTo(new TreeSet<>(RoutingFileParser.ROLLOUT_FIELDS));
		assertThat(strings(rule().at("/required"))).containsExactlyInAnyOrder("name", "target");
		assertThat(strings(rule().at("/properties/rollout/required"))).containsExactlyInAnyOrder("percent", "by");
	}

	@Test
	void enumsAreTheParsers() {
		assertThat(strings(schemaJson.at("/properties/mode/enum")))
			.isEqualTo(Arrays.stream(Mode.values()).map(Mode::wireName).collect(Collectors.toSet()));
		Set<String> targets = Arrays.stream(Target.values()).map(Target::wireName).collect(Collectors.toSet());
		assertThat(strings(schemaJson.at("/properties/default/enum"))).isEqualTo(targets);
		assertThat(strings(rule().at("/properties/target/enum"))).isEqualTo(targets);
		assertThat(strings(rule().at("/properties/platforms/items/enum")))
			.isEqualTo(Arrays.stream(Platform.values()).map(Platform::wireName).collect(Collectors.toSet()));
		assertThat(strings(rule().at("/properties/methods/items/enum"))).isEqualTo(RoutingFileParser.METHODS);
		assertThat(strings(rule().at("/properties/name/not/enum"))).isEqualTo(RoutingFileParser.RESERVED_NAMES);
		// The parser names the keys in its messages ("is not one of tenant, account");
		// each must read a By.
		Set<String> by = strings(rule().at("/properties/rollout/properties/by/enum"));
		assertThat(by).hasSize(Rollout.By.values().length);
		for (String key : by) {
			assertThat(errorsOfParser(
					"rules:\n  - name: a\n    target: falcon\n    rollout: {percent: 5, by: " + key + "}\n"))
				.as(key)
				.isEmpty();
		}
	}

	@Test
	void patternsAreTheParsers() {
		assertThat(rule().at("/properties/name/pattern").asString())
			.isEqualTo("^" + RoutingFileParser.RULE_NAME.pattern() + "$");
		assertThat(schemaJson.at("/$defs/headerName/pattern").asString())
			.isEqualTo("^" + RoutingFileParser.HEADER_NAME.pattern() + "$");
	}

	@Test
	void theExampleRoutingFileNamesTheSchemaForEditors() {
		assertThat(read(Path.of("config/routing.yml")).lines().findFirst())
			.hasValue("# yaml-language-server: $schema=routing.schema.json");
	}

	/**
	 * The schema's errors for a file read as the gateway reads YAML; a file that is not
	 * YAML is refused too.
	 */
	private static List<String> errors(String file) {
		Object document;
		try {
			document = RoutingFileParser.yaml().load(file);
		}
		catch (YAMLException ex) {
			return List.of("not YAML: " + ex.getMessage());
		}
		JsonNode node = (document != null) ? json.valueToTree(document) : json.nullNode();
		return schema.validate(node).stream().map(Error::toString).toList();
	}

	private List<String> errorsOfParser(String file) {
		try {
			parser.parse(file.getBytes(StandardCharsets.UTF_8));
			return List.of();
		}
		catch (InvalidRoutingFileException ex) {
			return ex.problems();
		}
	}

	private static JsonNode rule() {
		return schemaJson.at("/$defs/rule");
	}

	private static Set<String> fieldNames(JsonNode object) {
		return new TreeSet<>(object.get("properties").propertyNames());
	}

	private static Set<String> strings(JsonNode array) {
		assertThat(array.isArray()).as("%s is an array", array).isTrue();
		return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asString).collect(Collectors.toSet());
	}

	private static String read(Path file) {
		try {
			return Files.readString(file);
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

}
