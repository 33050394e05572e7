package io.aclgateway.relay.translation;

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
 * The catalog of legacy commands is the contract's: one constant per legacy message
 * schema.
 */
class LegacyCommandTests {

	static final Path SCHEMAS = Path.of("contracts/schemas/legacy");

	/** Shared definitions and the {@code oneOf} of all messages, not commands. */
	static final Set<String> NOT_COMMANDS = Set.of("common", "message");

	@Test
	void hasOneConstantPerLegacySchemaAndNoOther() throws IOException {
		Set<String> schemaCommands;
		try (Stream<Path> files = Files.list(SCHEMAS)) {
			schemaCommands = files.map(file -> file.getFileName().toString())
				.filter(name -> name.endsWith(".schema.json"))
				.map(name -> name.substring(0, name.length() - ".schema.json".length()))
				.filter(name -> !NOT_COMMANDS.contains(name))
				.collect(Collectors.toSet());
		}

		assertThat(schemaCommands).as("commands in " + SCHEMAS).isNotEmpty();
		assertThat(Arrays.stream(LegacyCommand.values()).map(LegacyCommand::wireName))
			.containsExactlyInAnyOrderElementsOf(schemaCommands);
	}

	@Test
	void listsEveryCommandSortedForMessages() {
		assertThat(LegacyCommand.wireNames()).isEqualTo("chat_add, chat_delete, chat_edit, chat_read, member_add, "
				+ "member_delete, room_add, room_delete, room_edit, task_add, task_done");
	}

}
