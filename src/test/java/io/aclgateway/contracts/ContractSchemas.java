package io.aclgateway.contracts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.dialect.Dialects;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON Schemas of {@code contracts/schemas}, read by their {@code $id} from the
 * folder (never fetched), validated with format assertion on: from draft 2019-09 on,
 * {@code format} is only an annotation unless the validator is told to assert it, and the
 * contract asks for {@code date-time} and {@code uri-reference}.
 */
final class ContractSchemas {

	static final Path CONTRACTS = Path.of("contracts");

	static final String PREFIX = "https://contracts.acl-gateway/";

	static final SchemaRegistryConfig ASSERT_FORMATS = SchemaRegistryConfig.builder()
		.formatAssertionsEnabled(true)
		.build();

	private static final SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
			builder -> builder.schemaRegistryConfig(ASSERT_FORMATS).schemas(ContractSchemas::localSchema));

	/**
	 * openapi.yaml, as JSON, under a name of its own: its relative references
	 * ({@code ./schemas/falcon/...}) resolve below it, to the files of contracts/schemas.
	 */
	static final String OPENAPI = PREFIX + "openapi/openapi.json";

	private static final SchemaRegistry openApiRegistry = SchemaRegistry.withDefaultDialect(Dialects.getOpenApi31(),
			builder -> builder.schemaRegistryConfig(ASSERT_FORMATS).schemas(ContractSchemas::openApiResource));

	private ContractSchemas() {
	}

	private static String openApiResource(String iri) {
		if (iri.equals(OPENAPI)) {
			return JsonMapper.builder()
				.build()
				.writeValueAsString(new Yaml().load(read(CONTRACTS.resolve("openapi.yaml"))));
		}
		String below = PREFIX + "openapi/";
		if (iri.startsWith(below + "schemas/")) {
			return read(CONTRACTS.resolve(iri.substring(below.length())));
		}
		return localSchema(iri);
	}

	/**
	 * A schema of openapi.yaml by its JSON pointer, read with OpenAPI 3.1's dialect (JSON
	 * Schema 2020-12 and {@code discriminator}), formats asserted.
	 */
	static Schema openApi(String pointer) {
		return openApiRegistry.getSchema(SchemaLocation.of(OPENAPI + "#" + pointer));
	}

	/**
	 * The pointer to the schema of a response of {@code POST /events} in openapi.yaml.
	 */
	static String postEventsResponse(int status, String mediaType) {
		return "/paths/~1events/post/responses/" + status + "/content/" + escape(mediaType) + "/schema";
	}

	static String escape(String pointerToken) {
		return pointerToken.replace("~", "~0").replace("/", "~1");
	}

	/** Our schemas' ids are names, not addresses: each is read from contracts/schemas. */
	private static String localSchema(String iri) {
		if (!iri.startsWith(PREFIX)) {
			return null;
		}
		return read(CONTRACTS.resolve("schemas").resolve(iri.substring(PREFIX.length())));
	}

	static String read(Path file) {
		try {
			return Files.readString(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * A schema by its path under contracts/schemas, e.g.
	 * {@code falcon/event.schema.json}.
	 */
	static Schema schema(String path) {
		return registry.getSchema(SchemaLocation.of(PREFIX + path));
	}

	static Schema falcon(String type) {
		return schema("falcon/" + type + ".schema.json");
	}

	static Schema anyFalconEvent() {
		return schema("falcon/event.schema.json");
	}

	static Schema legacy(String cmd) {
		return schema("legacy/" + cmd + ".schema.json");
	}

	static Schema anyLegacyMessage() {
		return schema("legacy/message.schema.json");
	}

	static List<Error> validate(Schema schema, JsonNode node) {
		return schema.validate(node);
	}

	static boolean exists(String path) {
		return Files.isRegularFile(CONTRACTS.resolve("schemas").resolve(path));
	}

}
