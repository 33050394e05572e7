package io.aclgateway.relay.release;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

import io.aclgateway.relay.release.RoomRelease.Action;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;
import static org.quicktheories.generators.SourceDSL.strings;

/**
 * Any set of valid releases, written as YAML, reads back as exactly those releases in
 * their order; one entry spoilt in any way refuses the whole file, and every problem
 * names that entry.
 */
class ReleaseFilePropertyTests {

	private static final String ID_CHARACTERS = "ABCDEFGHJKMNPQRSTVWXYZabcdefxyz0123456789-_.:";

	private final ReleaseFileParser parser = new ReleaseFileParser();

	@Test
	void validReleasesReadBackAsWritten() {
		qt().forAll(lists().of(release()).ofSizeBetween(0, 12)).checkAssert(generated -> {
			List<RoomRelease> releases = distinct(generated);
			assertThat(parse(yaml(releases))).isEqualTo(releases);
		});
	}

	@Test
	void oneSpoiltEntryRefusesTheFileAndEveryProblemNamesIt() {
		qt().forAll(lists().of(release()).ofSizeBetween(1, 8), integers().between(0, 7), integers().between(0, 5))
			.checkAssert((generated, pick, how) -> {
				List<RoomRelease> releases = distinct(generated);
				int spoilt = pick % releases.size();
				List<String> entries = new ArrayList<>(releases.stream().map(ReleaseFilePropertyTests::entry).toList());
				entries.set(spoilt, spoil(releases.get(spoilt), how));
				InvalidReleaseFileException refused = catchThrowableOfType(InvalidReleaseFileException.class,
						() -> parser.parse(file(entries).getBytes(StandardCharsets.UTF_8)));
				assertThat(refused).as(file(entries)).isNotNull();
				assertThat(refused.problems()).isNotEmpty()
					.allSatisfy(problem -> assertThat(problem).startsWith("releases[" + spoilt + "]"));
			});
	}

	private List<RoomRelease> parse(String yaml) {
		try {
			return parser.parse(yaml.getBytes(StandardCharsets.UTF_8));
		}
		catch (InvalidReleaseFileException ex) {
			throw new AssertionError(yaml + " refused: " + ex.problems(), ex);
		}
	}

	private static Gen<RoomRelease> release() {
		Gen<String> ids = strings().betweenCodePoints(0, ID_CHARACTERS.length() - 1)
			.ofLengthBetween(1, 128)
			.map(ReleaseFilePropertyTests::fromAlphabet);
		Gen<String> reasons = strings().betweenCodePoints(0x20, 0x7e).ofLengthBetween(0, 80).map(text -> "R" + text);
		return longs().between(1, Long.MAX_VALUE)
			.zip(booleans().all(), ids, longs().between(0, Long.MAX_VALUE),
					(room, byId, id, offset) -> (byId)
							? new RoomRelease(room, Optional.of(id), OptionalLong.empty(), Action.SKIP, "R")
							: new RoomRelease(room, Optional.empty(), OptionalLong.of(offset), Action.SKIP, "R"))
			.zip(booleans().all(), reasons, (release, skip, reason) -> new RoomRelease(release.roomId(),
					release.eventId(), release.offset(), skip ? Action.SKIP : Action.REDELIVER, reason));
	}

	private static String fromAlphabet(String indexes) {
		StringBuilder text = new StringBuilder();
		indexes.codePoints().forEach(index -> text.append(ID_CHARACTERS.charAt(index)));
		return text.toString();
	}

	/** The first release of each room and event, as the file must have them. */
	private static List<RoomRelease> distinct(List<RoomRelease> releases) {
		Set<String> seen = new HashSet<>();
		return releases.stream()
			.filter(release -> seen.add(release.roomId() + "/" + release.eventId() + "/" + release.offset()))
			.toList();
	}

	private static String yaml(List<RoomRelease> releases) {
		return file(releases.stream().map(ReleaseFilePropertyTests::entry).toList());
	}

	private static String file(List<String> entries) {
		return entries.isEmpty() ? "releases: []\n" : "releases:\n" + String.join("", entries);
	}

	/** One entry as an operator writes it: the room as quoted text, one key a line. */
	private static String entry(RoomRelease release) {
		return "  - room: \"" + release.roomId() + "\"\n" + event(release) + "    action: "
				+ release.action().name().toLowerCase(java.util.Locale.ROOT) + "\n    reason: "
				+ quoted(release.reason()) + "\n";
	}

	private static String event(RoomRelease release) {
		return release.eventId().isPresent() ? "    eid: " + quoted(release.eventId().get()) + "\n"
				: "    offset: " + release.offset().getAsLong() + "\n";
	}

	/** The entry with one thing wrong, chosen by {@code how}. */
	private static String spoil(RoomRelease release, int how) {
		String entry = entry(release);
		return switch (how) {
			case 0 -> entry.replace("room: \"" + release.roomId() + "\"", "room: \"0\"");
			case 1 -> entry.replaceFirst("action: \\w+", "action: release");
			case 2 -> entry.replaceFirst("    reason: .*\n", "");
			case 3 -> entry + "    " + (release.eventId().isPresent() ? "offset: 1" : "eid: \"e\"") + "\n";
			case 4 -> entry.replaceFirst("    (eid|offset): .*\n", "");
			default -> entry + "    owner: ops\n";
		};
	}

	/**
	 * YAML's double-quoted scalar: only the backslash and the quote need escaping here.
	 */
	private static String quoted(String text) {
		return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
	}

}
