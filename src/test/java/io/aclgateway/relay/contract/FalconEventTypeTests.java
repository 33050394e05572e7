package io.aclgateway.relay.contract;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The catalog of event types is the contract's: one constant per Falcon schema, one
 * record per constant.
 */
class FalconEventTypeTests {

	static final Path SCHEMAS = Path.of("contracts/schemas/falcon");

	@Test
	void hasOneConstantPerFalconSchemaAndNoOther() throws IOException {
		Set<String> schemaTypes;
		try (Stream<Path> files = Files.list(SCHEMAS)) {
			schemaTypes = files.map(file -> file.getFileName().toString())
				.filter(name -> name.startsWith("falcon."))
				.map(name -> name.substring(0, name.length() - ".schema.json".length()))
				.collect(Collectors.toSet());
		}

		assertThat(schemaTypes).as("event types in " + SCHEMAS).isNotEmpty();
		assertThat(Arrays.stream(FalconEventType.values()).map(FalconEventType::wireName))
			.containsExactlyInAnyOrderElementsOf(schemaTypes);
	}

	@Test
	void namesEveryEventRecordOnceAndEachRecordKnowsItsType() {
		assertThat(Arrays.stream(FalconEventType.values()).map(FalconEventType::recordType)).doesNotHaveDuplicates()
			.containsExactlyInAnyOrder(Arrays.stream(FalconEvent.class.getPermittedSubclasses())
				.map(type -> type.asSubclass(FalconEvent.class))
				.toArray(Class[]::new));
	}

	@Test
	void findsATypeByItsWireNameOnly() {
		assertThat(FalconEventType.fromWireName("falcon.message.posted.v1")).hasValue(FalconEventType.MESSAGE_POSTED);
		assertThat(FalconEventType.fromWireName("falcon.message.posted.v2")).isEmpty();
		assertThat(FalconEventType.fromWireName("MESSAGE_POSTED")).isEmpty();
	}

}
