package io.aclgateway.relay.translation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The run-time legacy-schema check, as the jar ships it: every legacy message of the
 * contract examples passes, for every command; a message with a translator's bug fails
 * with a problem that names the place and the rule, and never the message's content.
 */
class LegacySchemaTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final LegacySchema schema = LegacySchema.load();

	@Test
	void everyLegacyMessageOfTheContractExamplesPassesForEveryCommand() {
		Set<LegacyCommand> seen = EnumSet.noneOf(LegacyCommand.class);
		List<ObjectNode> bodies = exampleBodies();
		for (ObjectNode body : bodies) {
			LegacyMessage message = message(body);
			assertThat(schema.violations(message)).as("%s", message.eid()).isEmpty();
			seen.add(LegacyCommand.fromWireName(message.cmd()).orElseThrow());
		}
		assertThat(seen).as("every command has an example").containsExactlyInAnyOrder(LegacyCommand.values());
	}

	@Test
	void aMessageWithoutARequiredMemberFailsNamingIt() {
		for (LegacyCommand command : LegacyCommand.values()) {
			ObjectNode body = exampleBody(command);
			body.remove("aid");

			assertThat(schema.violations(message(body))).as("%s", command)
				.singleElement()
				.asString()
				.isEqualTo("required at the root: aid");
		}
	}

	@Test
	void aMessageWithAMemberTheFormatDoesNotHaveFails() {
		ObjectNode body = exampleBody(LegacyCommand.CHAT_ADD);
		body.put("extra", 1);

		assertThat(schema.violations(message(body))).singleElement().asString().contains("additionalProperties");
	}

	@Test
	void aMessageWhoseBodyIsNotForItsCommandFails() {
		ObjectNode body = exampleBody(LegacyCommand.CHAT_ADD);

		LegacyMessage asChatEdit = new LegacyMessage("chat_edit", "e", 1, json.writeValueAsString(body), Map.of());
		LegacyMessage unknown = new LegacyMessage("chat_archive", "e", 1, json.writeValueAsString(body), Map.of());
		LegacyMessage notJson = new LegacyMessage("chat_add", "e", 1, "{\"cmd\":", Map.of());

		assertThat(schema.violations(asChatEdit)).singleElement().asString().contains("const");
		assertThat(schema.violations(unknown)).containsExactly("no legacy command is named chat_archive");
		assertThat(schema.violations(notJson)).containsExactly("the body is not one JSON value");
	}

	@Test
	void theProblemsNeverQuoteTheMessageAndAreCutShort() {
		ObjectNode body = exampleBody(LegacyCommand.ROOM_ADD);
		String secret = "a private room name nobody may read in a log";
		body.put("type", secret);
		body.put("ts", secret);
		body.put("rid", secret);
		body.put("aid", secret);
		body.put("src", secret);
		body.put("ver", secret);
		body.put("name", 12);
		body.put("description", 13);

		List<String> violations = schema.violations(message(body));

		assertThat(violations).hasSize(LegacySchema.MAX_VIOLATIONS + 1).last().asString().startsWith("and ");
		assertThat(violations).allSatisfy(violation -> {
			assertThat(violation).doesNotContain("private").hasSizeLessThanOrEqualTo(LegacySchema.MAX_VIOLATION_CHARS);
		});
	}

	private static LegacyMessage message(ObjectNode body) {
		return new LegacyMessage(body.path("cmd").asString(), body.path("eid").asString(), body.path("rid").asLong(0),
				json.writeValueAsString(body), Map.of());
	}

	private static ObjectNode exampleBody(LegacyCommand command) {
		return exampleBodies().stream()
			.filter(body -> body.path("cmd").asString().equals(command.wireName()))
			.findFirst()
			.orElseThrow();
	}

	/** Every legacy message body of contracts/examples, as the files write them. */
	private static List<ObjectNode> exampleBodies() {
		List<ObjectNode> bodies = new ArrayList<>();
		try (Stream<Path> files = Files.list(Path.of("contracts/examples"))) {
			files.filter(file -> file.toString().endsWith(".json")).sorted().forEach(file -> {
				for (JsonNode message : json.readTree(file.toFile()).path("messages")) {
					bodies.add((ObjectNode) message.get("body").deepCopy());
				}
			});
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		assertThat(bodies).isNotEmpty();
		return bodies;
	}

}
