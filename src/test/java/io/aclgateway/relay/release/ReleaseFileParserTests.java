package io.aclgateway.relay.release;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.aclgateway.relay.release.RoomRelease.Action;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * The release file (relay-state.md 6.6), one row per rule: what is accepted reads as the
 * releases, every mistake is named by its entry and field, with the same words each time.
 */
class ReleaseFileParserTests {

	private final ReleaseFileParser parser = new ReleaseFileParser();

	private List<RoomRelease> parse(String yaml) throws InvalidReleaseFileException {
		return parser.parse(yaml.getBytes(StandardCharsets.UTF_8));
	}

	private List<String> problems(String yaml) {
		InvalidReleaseFileException refused = catchThrowableOfType(InvalidReleaseFileException.class,
				() -> parse(yaml));
		assertThat(refused).as("refused: " + yaml).isNotNull();
		return refused.problems();
	}

	@Test
	void theDesignsExampleReadsAsOneSkip() throws Exception {
		assertThat(parse("""
				# config/relay-releases.yml
				releases:
				  - room: "4711"
				    eid: "01JD3K"
				    action: skip
				    reason: "OPS-2231 empty body from Falcon 4.2.1, fixed in 4.2.2"
				""")).containsExactly(new RoomRelease(4711, Optional.of("01JD3K"), OptionalLong.empty(), Action.SKIP,
				"OPS-2231 empty body from Falcon 4.2.1, fixed in 4.2.2"));
	}

	@Test
	void entriesKeepTheirOrderAndEachNamesItsEventByIdOrOffset() throws Exception {
		assertThat(parse("""
				releases:
				  - {room: 4712, offset: 99120332, action: redeliver, reason: "size limit raised"}
				  - {room: "9223372036854775807", eid: "0042", action: skip, reason: r}
				  - {room: 4712, offset: 0, action: skip, reason: "the first record"}
				  - {room: 4712, eid: 1234, action: skip, reason: "an all-digit id"}
				""")).containsExactly(
				new RoomRelease(4712, Optional.empty(), OptionalLong.of(99120332), Action.REDELIVER,
						"size limit raised"),
				new RoomRelease(Long.MAX_VALUE, Optional.of("0042"), OptionalLong.empty(), Action.SKIP, "r"),
				new RoomRelease(4712, Optional.empty(), OptionalLong.of(0), Action.SKIP, "the first record"),
				new RoomRelease(4712, Optional.of("1234"), OptionalLong.empty(), Action.SKIP, "an all-digit id"));
	}

	@Test
	void anEmptyFileOrAnEmptyListReleasesNothing() throws Exception {
		assertThat(parse("")).isEmpty();
		assertThat(parse("# nothing released now\n")).isEmpty();
		assertThat(parse("releases: []\n")).isEmpty();
	}

	@Test
	void anIdOfTheMostCharactersIsAccepted() throws Exception {
		String eid = "e".repeat(128);
		assertThat(parse("releases:\n  - {room: 1, eid: " + eid + ", action: skip, reason: r}\n"))
			.extracting(RoomRelease::eventId)
			.containsExactly(Optional.of(eid));
	}

	static Stream<Arguments> invalidFiles() {
		String valid = "{room: 4711, eid: e1, action: skip, reason: r}";
		return Stream.of(arguments("not YAML", "releases: [\n", List.of("file: is not valid YAML")),
				arguments("not a mapping", "- room: 1\n",
						List.of("file: must be a mapping with a 'releases' list, was a list")),
				arguments("no releases key", "release: []\n",
						List.of("release: is not a known field (known: releases)",
								"releases: is required (a list; [] for none)")),
				arguments("releases not a list", "releases: {room: 1}\n",
						List.of("releases: must be a list, was a mapping")),
				arguments("releases without a value", "releases:\n", List.of("releases: must be a list, was nothing")),
				arguments("entry not a mapping", "releases: [4711]\n",
						List.of("releases[0]: must be a mapping (room, eid or offset, action, reason), was '4711'")),
				arguments("unknown field", "releases:\n  - {room: 1, eid: e, action: skip, reason: r, by: me}\n",
						List.of("releases[0].by: is not a known field (known: action, eid, offset, reason, room)")),
				arguments("no room", "releases:\n  - {eid: e, action: skip, reason: r}\n",
						List.of("releases[0].room: is required (the held room's id, decimal text)")),
				arguments("room 0", "releases:\n  - {room: 0, eid: e, action: skip, reason: r}\n",
						List.of("releases[0].room: '0' is not a room id (decimal 1 to 9223372036854775807)")),
				arguments("negative room", "releases:\n  - {room: -5, eid: e, action: skip, reason: r}\n",
						List.of("releases[0].room: '-5' is not a room id (decimal 1 to 9223372036854775807)")),
				arguments("room past int64",
						"releases:\n  - {room: \"9223372036854775808\", eid: e, action: skip, reason: r}\n",
						List.of("releases[0].room: '9223372036854775808' is not a room id (decimal 1 to 9223372036854775807)")),
				arguments("room with a leading zero",
						"releases:\n  - {room: \"04711\", eid: e, action: skip, reason: r}\n",
						List.of("releases[0].room: '04711' is not a room id (decimal 1 to 9223372036854775807)")),
				arguments("room in hex", "releases:\n  - {room: 0x10, eid: e, action: skip, reason: r}\n",
						List.of("releases[0].room: '0x10' is not a room id (decimal 1 to 9223372036854775807)")),
				arguments("both eid and offset",
						"releases:\n  - {room: 1, eid: e, offset: 3, action: skip, reason: r}\n",
						List.of("releases[0]: names the event by both eid and offset; give exactly one")),
				arguments("neither eid nor offset", "releases:\n  - {room: 1, action: skip, reason: r}\n",
						List.of("releases[0]: names no event; give eid (the held event's id) or offset (for a record "
								+ "without a usable id)")),
				arguments("empty eid", "releases:\n  - {room: 1, eid: \"\", action: skip, reason: r}\n",
						List.of("releases[0].eid: must be the held event's id (1 to 128 characters), was ''")),
				arguments("eid of 129 characters",
						"releases:\n  - {room: 1, eid: " + "e".repeat(129) + ", action: skip, reason: r}\n",
						List.of("releases[0].eid: is 129 characters, more than the 128 an event id may have")),
				arguments("negative offset", "releases:\n  - {room: 1, offset: -1, action: skip, reason: r}\n", List
					.of("releases[0].offset: must be the held record's offset, a whole number 0 or more, was '-1'")),
				arguments("offset as text", "releases:\n  - {room: 1, offset: \"12\", action: skip, reason: r}\n", List
					.of("releases[0].offset: must be the held record's offset, a whole number 0 or more, was '12'")),
				arguments("no action", "releases:\n  - {room: 1, eid: e, reason: r}\n",
						List.of("releases[0].action: is required (one of skip, redeliver)")),
				arguments("unknown action", "releases:\n  - {room: 1, eid: e, action: retry, reason: r}\n",
						List.of("releases[0].action: 'retry' is not one of skip, redeliver")),
				arguments("action in capitals", "releases:\n  - {room: 1, eid: e, action: SKIP, reason: r}\n",
						List.of("releases[0].action: 'SKIP' is not one of skip, redeliver")),
				arguments("no reason", "releases:\n  - {room: 1, eid: e, action: skip}\n",
						List.of("releases[0].reason: is required (why the room is released: a ticket, a fix)")),
				arguments("blank reason", "releases:\n  - {room: 1, eid: e, action: skip, reason: \"  \"}\n",
						List.of("releases[0].reason: must be a non-empty text, was '  '")),
				arguments("same room and eid twice",
						"releases:\n  - " + valid + "\n  - "
								+ "{room: \"4711\", eid: e1, action: redeliver, reason: other}\n",
						List.of("releases[1]: names the same room and event as releases[0]; keep one entry per held "
								+ "event")),
				arguments("same room and offset twice",
						"releases:\n  - {room: 1, offset: 7, action: skip, reason: r}\n  - " + valid
								+ "\n  - {room: 1, offset: 7, action: skip, reason: r}\n",
						List.of("releases[2]: names the same room and event as releases[0]; keep one entry per held "
								+ "event")),
				arguments("every mistake of a file at once",
						"releases:\n  - " + valid + "\n  - {room: 0, eid: e, action: retry}\n  - {offset: -1}\n",
						List.of("releases[1].room: '0' is not a room id (decimal 1 to 9223372036854775807)",
								"releases[1].action: 'retry' is not one of skip, redeliver",
								"releases[1].reason: is required (why the room is released: a ticket, a fix)",
								"releases[2].room: is required (the held room's id, decimal text)",
								"releases[2].offset: must be the held record's offset, a whole number 0 or more, was '-1'",
								"releases[2].action: is required (one of skip, redeliver)",
								"releases[2].reason: is required (why the room is released: a ticket, a fix)")));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("invalidFiles")
	void anInvalidFileIsRefusedWholeWithEveryProblemInPlace(String name, String yaml, List<String> expected) {
		List<String> problems = problems(yaml);
		assertThat(problems).hasSameSizeAs(expected);
		for (int i = 0; i < expected.size(); i++) {
			assertThat(problems.get(i)).as(name).startsWith(expected.get(i));
		}
	}

	@Test
	void aFileOverTheSizeLimitIsRefusedBeforeItIsRead() {
		byte[] big = new byte[ReleaseFileParser.MAX_FILE_BYTES + 1];
		InvalidReleaseFileException refused = catchThrowableOfType(InvalidReleaseFileException.class,
				() -> parser.parse(big));
		assertThat(refused.problems()).containsExactly("file: is 1048577 bytes, more than the limit of 1048576");
	}

	@Test
	void duplicateKeysAreAMistakeNotTheLastWord() {
		assertThat(problems("releases:\n  - {room: 1, room: 2, eid: e, action: skip, reason: r}\n")).singleElement()
			.asString()
			.startsWith("file: is not valid YAML")
			.contains("duplicate key room");
	}

}
