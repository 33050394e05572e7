package io.aclgateway.contracts;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import com.networknt.schema.Error;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The files of {@code contracts/} hold together without the gateway running: every schema
 * is draft 2020-12 under its {@code $id}, every example is valid for its schemas (format
 * asserted), every invalid example is refused by its schema for the fault its name says
 * (or is one of the few faults no schema can see), and every {@code $ref} of the two YAML
 * documents resolves. What the gateway does with them is
 * ContractExamplesIntegrationTests' job.
 */
class ContractFilesTests {

	static final Path CONTRACTS = ContractSchemas.CONTRACTS;

	static final JsonMapper json = JsonMapper.builder().build();

	/**
	 * Invalid examples whose fault JSON Schema cannot express: they must pass the schema
	 * (only the gateway refuses them), so that this list stays honest.
	 */
	static final Set<String> BEYOND_THE_SCHEMA = Set.of(
			// an unpaired surrogate: a JSON Schema string is a sequence of code points,
			// lone ones included
			"invalid-text-unpaired-surrogate.json",
			// 65,538 bytes of UTF-8 in 21,846 characters: maxLength counts characters
			"body-too-large-multibyte.json",
			// the size of the legacy message the event gives, JSON escapes and attributes
			// included
			"message-too-large.json");

	/**
	 * Why each other invalid example must fail: the instance location and the keyword of
	 * an error the schema of its type reports (unknown-type has no schema of its type:
	 * event.schema.json refuses it).
	 */
	static final Map<String, Reason> REASONS = Map.ofEntries(
			Map.entry("body-too-large-ascii.json", new Reason("/data/body", "maxLength")),
			Map.entry("invalid-cloudevent-datacontenttype.json", new Reason("/datacontenttype", "pattern")),
			Map.entry("invalid-cloudevent-id-129-chars.json", new Reason("/id", "maxLength")),
			Map.entry("invalid-cloudevent-id-control-char.json", new Reason("/id", "not")),
			Map.entry("invalid-cloudevent-missing-source.json", new Reason("", "required", "source")),
			Map.entry("invalid-cloudevent-specversion-0.3.json", new Reason("/specversion", "const")),
			Map.entry("invalid-data-assigneeIds-duplicated.json", new Reason("/data/assigneeIds", "uniqueItems")),
			Map.entry("invalid-data-changes-empty.json", new Reason("/data/changes", "minProperties")),
			Map.entry("invalid-data-changes-only-unknown.json", new Reason("/data/changes", "required", "name")),
			Map.entry("invalid-data-empty-body.json", new Reason("/data/body", "minLength")),
			Map.entry("invalid-data-group-room-empty-name.json", new Reason("/data/name", "minLength")),
			Map.entry("invalid-data-missing-data.json", new Reason("", "required", "data")),
			Map.entry("invalid-data-missing-roomId.json", new Reason("/data", "required", "roomId")),
			Map.entry("invalid-data-name-too-long.json", new Reason("/data/name", "maxLength")),
			Map.entry("invalid-data-null-roomId.json", new Reason("/data/roomId", "type")),
			Map.entry("invalid-data-rename-to-empty.json", new Reason("/data/changes/name", "minLength")),
			Map.entry("invalid-data-unknown-kind.json", new Reason("/data/kind", "enum")),
			Map.entry("invalid-data-unknown-role.json", new Reason("/data/role", "enum")),
			Map.entry("invalid-id-json-number.json", new Reason("/data/roomId", "type")),
			Map.entry("invalid-id-leading-zero.json", new Reason("/data/roomId", "pattern")),
			Map.entry("invalid-id-negative.json", new Reason("/data/authorId", "pattern")),
			Map.entry("invalid-id-over-int64-max.json", new Reason("/data/messageId", "pattern")),
			Map.entry("invalid-id-zero.json", new Reason("/data/roomId", "pattern")),
			Map.entry("invalid-time-before-1970.json", new Reason("/time", "not")),
			Map.entry("invalid-time-dueAt-not-a-date.json", new Reason("/data/dueAt", "format")),
			Map.entry("invalid-time-missing.json", new Reason("", "required", "time")),
			Map.entry("invalid-time-no-offset.json", new Reason("/time", "pattern")),
			Map.entry("unknown-type.json", new Reason("/type", "const")));

	static Stream<Path> schemaFiles() throws IOException {
		return files(CONTRACTS.resolve("schemas"), true);
	}

	static Stream<Path> examples() throws IOException {
		return files(CONTRACTS.resolve("examples"), false);
	}

	static Stream<Path> invalidExamples() throws IOException {
		return files(CONTRACTS.resolve("examples/invalid"), false);
	}

	private static Stream<Path> files(Path dir, boolean deep) throws IOException {
		try (Stream<Path> list = deep ? Files.walk(dir) : Files.list(dir)) {
			List<Path> found = list.filter(p -> p.toString().endsWith(".json")).sorted().toList();
			assertThat(found).as("files in " + dir).isNotEmpty();
			return found.stream();
		}
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("schemaFiles")
	void everySchemaIsDraft202012UnderTheIdOfItsPathAndCompiles(Path file) {
		JsonNode schema = json.readTree(file.toFile());
		String path = CONTRACTS.resolve("schemas").relativize(file).toString().replace('\\', '/');

		assertThat(schema.path("$schema").asString()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
		assertThat(schema.path("$id").asString()).isEqualTo(ContractSchemas.PREFIX + path);
		// Validating anything resolves every $ref of the schema (networknt compiles
		// lazily).
		ContractSchemas.validate(ContractSchemas.schema(path), json.createObjectNode());
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("examples")
	void everyExampleEventAndMessageIsValidForItsSchemasWithFormatsAsserted(Path example) {
		JsonNode pair = json.readTree(example.toFile());
		assertThat(names(pair)).containsExactly("description", "event", "messages");
		JsonNode event = pair.get("event");

		assertThat(ContractSchemas.validate(ContractSchemas.falcon(event.get("type").asString()), event)).isEmpty();
		assertThat(ContractSchemas.validate(ContractSchemas.anyFalconEvent(), event)).isEmpty();
		assertThat(pair.get("messages")).isNotEmpty();
		for (JsonNode message : pair.get("messages")) {
			assertThat(names(message)).containsExactly("body", "attributes", "groupId", "deduplicationId");
			JsonNode body = message.get("body");
			String cmd = body.get("cmd").asString();
			assertThat(ContractSchemas.validate(ContractSchemas.legacy(cmd), body)).isEmpty();
			assertThat(ContractSchemas.validate(ContractSchemas.anyLegacyMessage(), body)).isEmpty();
			// The gateway's member order (held by ContractExamplesIntegrationTests) is
			// the schema's.
			List<String> schemaOrder = names(
					json.readTree(CONTRACTS.resolve("schemas/legacy/" + cmd + ".schema.json").toFile())
						.get("properties"));
			assertThat(names(body)).as("member order of %s", cmd)
				.isEqualTo(schemaOrder.stream().filter(names(body)::contains).toList());
		}
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("invalidExamples")
	void everyInvalidExampleIsRefusedByItsSchemaForTheFaultItNames(Path example) {
		String name = example.getFileName().toString();
		JsonNode invalid = json.readTree(example.toFile());
		assertThat(names(invalid)).containsExactly("description", "event", "code");
		assertThat(eventErrorCodes()).contains(invalid.get("code").asString());
		JsonNode event = invalid.get("event");
		String type = event.path("type").asString();
		boolean typed = ContractSchemas.exists("falcon/" + type + ".schema.json");

		List<Error> errors = ContractSchemas
			.validate(typed ? ContractSchemas.falcon(type) : ContractSchemas.anyFalconEvent(), event);
		List<Error> anyEvent = ContractSchemas.validate(ContractSchemas.anyFalconEvent(), event);

		if (BEYOND_THE_SCHEMA.contains(name)) {
			assertThat(errors).as("a fault no schema can see: the schema must accept the rest").isEmpty();
			assertThat(anyEvent).isEmpty();
			return;
		}
		Reason reason = REASONS.get(name);
		assertThat(reason).as("the reason %s must fail: add it to REASONS", name).isNotNull();
		assertThat(typed).as("an event of a known type has the schema of its type")
			.isEqualTo(!name.equals("unknown-type.json"));
		assertThat(anyEvent).as("event.schema.json refuses it too").isNotEmpty();
		assertThat(errors.stream().map(Reason::of)).as("errors of %s", name).contains(reason);
	}

	/**
	 * From draft 2019-09 on {@code format} only annotates unless asserted: a 30 February
	 * that the pattern lets through, or a source that is no URI-reference, must be
	 * refused by the format alone.
	 */
	@Test
	void formatsAreAsserted() throws IOException {
		JsonNode event = json.readTree(CONTRACTS.resolve("examples/message-posted-emoji-japanese.json").toFile())
			.get("event");

		assertThat(ContractSchemas
			.validate(ContractSchemas.falcon(event.get("type").asString()),
					((ObjectNode) event.deepCopy()).put("time", "2025-02-30T00:00:00Z"))
			.stream()
			.map(Reason::of)).containsExactly(new Reason("/time", "format"));
		assertThat(ContractSchemas
			.validate(ContractSchemas.falcon(event.get("type").asString()),
					((ObjectNode) event.deepCopy()).put("source", "/falcon/write api"))
			.stream()
			.map(Reason::of)).containsExactly(new Reason("/source", "format"));
	}

	@Test
	void everyInvalidExampleHasAReasonOrIsBeyondTheSchemaAndNoOther() throws IOException {
		List<String> names = invalidExamples().map(p -> p.getFileName().toString()).toList();

		assertThat(names).containsExactlyInAnyOrderElementsOf(
				Stream.concat(REASONS.keySet().stream(), BEYOND_THE_SCHEMA.stream()).toList());
	}

	static Stream<Arguments> responseExamples() {
		JsonNode responses = openApi().at("/paths/~1events/post/responses");
		List<Arguments> examples = new ArrayList<>();
		responses.properties()
			.forEach(
					response -> response.getValue()
						.path("content")
						.properties()
						.forEach(content -> content.getValue()
							.path("examples")
							.properties()
							.forEach(example -> examples.add(Arguments.of(response.getKey() + " " + example.getKey(),
									Integer.parseInt(response.getKey()), content.getKey(),
									example.getValue().get("value"))))));
		assertThat(examples).isNotEmpty();
		return examples.stream();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("responseExamples")
	void everyResponseExampleIsValidForItsResponseSchema(String label, int status, String mediaType, JsonNode value) {
		assertThat(ContractSchemas
			.validate(ContractSchemas.openApi(ContractSchemas.postEventsResponse(status, mediaType)), value)).isEmpty();
	}

	@Test
	void theResponseSchemasRefuseWhatTheContractRulesOut() {
		JsonNode failedIn202 = json.readTree("""
				{"accepted": 1, "results": [{"id": "a", "status": "failed", "messages": 1}]}""");
		JsonNode wrongStatus = json.readTree("""
				{"type": "urn:acl-gateway:problem:queue_unavailable", "title": "Bad Request", "status": 400,
				 "detail": "d", "code": "queue_unavailable", "results": []}""");
		JsonNode noErrors = json.readTree("""
				{"type": "urn:acl-gateway:problem:invalid_events", "title": "Unprocessable Content", "status": 422,
				 "detail": "d", "code": "invalid_events"}""");
		JsonNode notAUri = json.readTree(
				"""
						{"type": "urn:acl gateway", "title": "Unauthorized", "status": 401, "detail": "d", "code": "unauthenticated"}""");

		assertThat(ContractSchemas.validate(
				ContractSchemas.openApi(ContractSchemas.postEventsResponse(202, "application/json")), failedIn202))
			.isNotEmpty();
		assertThat(ContractSchemas.validate(
				ContractSchemas.openApi(ContractSchemas.postEventsResponse(503, "application/problem+json")),
				wrongStatus))
			.isNotEmpty();
		assertThat(ContractSchemas.validate(
				ContractSchemas.openApi(ContractSchemas.postEventsResponse(422, "application/problem+json")), noErrors))
			.isNotEmpty();
		assertThat(ContractSchemas
			.validate(ContractSchemas.openApi(ContractSchemas.postEventsResponse(401, "application/problem+json")),
					notAUri)
			.stream()
			.map(Reason::of)).containsExactly(new Reason("/type", "format"));
	}

	/**
	 * POST /events is signed: the security scheme is the Standard Webhooks signature
	 * header.
	 */
	@Test
	void postEventsRequiresTheWebhookSignatureScheme() {
		JsonNode openapi = openApi();
		JsonNode security = openapi.at("/paths/~1events/post/security");
		assertThat(security).hasSize(1);
		String scheme = security.get(0).propertyNames().iterator().next();
		JsonNode declared = openapi.at("/components/securitySchemes/" + scheme);
		assertThat(declared.path("type").asString()).isEqualTo("apiKey");
		assertThat(declared.path("in").asString()).isEqualTo("header");
		assertThat(declared.path("name").asString()).isEqualTo("webhook-signature");
		assertThat(declared.path("description").asString()).contains("HMAC-SHA256");
	}

	private static JsonNode openApi() {
		return json.valueToTree(new Yaml().load(ContractSchemas.read(CONTRACTS.resolve("openapi.yaml"))));
	}

	@Test
	void everyReferenceOfTheYamlDocumentsResolvesAndEachNamesItsSchemas() throws IOException {
		for (String document : List.of("openapi.yaml", "asyncapi.yaml")) {
			JsonNode yaml = json.valueToTree(new Yaml().load(ContractSchemas.read(CONTRACTS.resolve(document))));
			List<String> refs = new ArrayList<>();
			collectRefs(yaml, refs);
			assertThat(refs).as("$refs of %s", document).isNotEmpty();
			for (String ref : refs) {
				int hash = ref.indexOf('#');
				String file = (hash < 0) ? ref : ref.substring(0, hash);
				String pointer = (hash < 0) ? "" : ref.substring(hash + 1);
				JsonNode target = yaml;
				if (!file.isEmpty()) {
					Path path = CONTRACTS.resolve(file).normalize();
					assertThat(path).as("%s: %s", document, ref).isRegularFile();
					target = json.readTree(path.toFile());
				}
				assertThat(target.at(pointer).isMissingNode()).as("%s: %s resolves", document, ref).isFalse();
			}
			String folder = document.equals("openapi.yaml") ? "falcon" : "legacy";
			try (Stream<Path> schemas = Files.list(CONTRACTS.resolve("schemas").resolve(folder))) {
				schemas.map(p -> p.getFileName().toString())
					.filter(n -> !n.matches("(common|event|message)\\.schema\\.json"))
					.forEach(n -> assertThat(refs).as("%s refers to %s", document, n)
						.contains("./schemas/" + folder + "/" + n));
			}
		}
	}

	private static void collectRefs(JsonNode node, List<String> refs) {
		if (node.isObject()) {
			node.properties().forEach(entry -> {
				if (entry.getKey().equals("$ref") && entry.getValue().isString()) {
					refs.add(entry.getValue().asString());
				}
				else {
					collectRefs(entry.getValue(), refs);
				}
			});
		}
		else if (node.isArray()) {
			node.forEach(item -> collectRefs(item, refs));
		}
	}

	private static List<String> eventErrorCodes() {
		JsonNode openapi = json.valueToTree(new Yaml().load(ContractSchemas.read(CONTRACTS.resolve("openapi.yaml"))));
		List<String> codes = new ArrayList<>();
		openapi.at("/components/schemas/EventError/properties/code/enum").forEach(code -> codes.add(code.asString()));
		assertThat(codes).isNotEmpty();
		return codes;
	}

	private static List<String> names(JsonNode object) {
		return new ArrayList<>(object.propertyNames());
	}

	/**
	 * An error as a JSON pointer to the instance, the failing keyword, and for
	 * {@code required} the missing property.
	 */
	record Reason(String at, String keyword, String property) {

		Reason(String at, String keyword) {
			this(at, keyword, null);
		}

		static Reason of(Error error) {
			String pointer = pointer(error);
			return new Reason(pointer, error.getKeyword(),
					error.getKeyword().equals("required") ? error.getProperty() : null);
		}

		private static String pointer(Error error) {
			StringBuilder pointer = new StringBuilder();
			var location = error.getInstanceLocation();
			for (int i = 0; i < location.getNameCount(); i++) {
				pointer.append('/').append(location.getElement(i));
			}
			return pointer.toString();
		}

	}

}
