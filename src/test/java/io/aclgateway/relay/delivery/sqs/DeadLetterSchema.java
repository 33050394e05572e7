package io.aclgateway.relay.delivery.sqs;

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
import tools.jackson.databind.json.JsonMapper;

/**
 * contracts/schemas/relay/dead-letter.schema.json, read from the folder by its
 * {@code $id}, formats asserted: what the relay puts on the dead-letter queue is checked
 * against it.
 */
public final class DeadLetterSchema {

	private static final String PREFIX = "https://contracts.acl-gateway/";

	private static final Schema SCHEMA = SchemaRegistry
		.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
				builder -> builder
					.schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build())
					.schemas(DeadLetterSchema::local))
		.getSchema(SchemaLocation.of(PREFIX + "relay/dead-letter.schema.json"));

	private DeadLetterSchema() {
	}

	/** The schema's errors for a dead letter's body; none when it is valid. */
	public static List<Error> errors(String body) {
		return SCHEMA.validate(JsonMapper.builder().build().readTree(body));
	}

	private static String local(String iri) {
		if (!iri.startsWith(PREFIX)) {
			return null;
		}
		try {
			return Files.readString(Path.of("contracts", "schemas").resolve(iri.substring(PREFIX.length())));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
