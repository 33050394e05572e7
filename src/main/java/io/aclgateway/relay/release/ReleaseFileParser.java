package io.aclgateway.relay.release;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.yaml.snakeyaml.error.YAMLException;

import io.aclgateway.support.StrictYaml;

import static io.aclgateway.support.StrictYaml.describe;
import static io.aclgateway.support.StrictYaml.oneLine;

/**
 * Reads a release file (relay-state.md 6.6) as a whole: either every entry is valid and
 * the result is the releases, or the file is rejected with every problem found, each
 * naming its entry and field. Nothing in between: one wrong entry rejects them all, as
 * the routing file does, so that a half-applied file never releases a room the operator
 * did not mean.
 */
public final class ReleaseFileParser {

	/** A release file is a page of YAML; anything much larger is a mistake. */
	static final int MAX_FILE_BYTES = 1024 * 1024;

	static final int MAX_EID_CHARS = 128;

	static final Set<String> FILE_FIELDS = Set.of("releases");

	static final Set<String> ENTRY_FIELDS = Set.of("room", "eid", "offset", "action", "reason");

	private static final Pattern ROOM = Pattern.compile("[1-9][0-9]{0,18}");

	private static final BigInteger MAX_LONG = BigInteger.valueOf(Long.MAX_VALUE);

	/**
	 * Parses the file's bytes, or throws with every problem found. An empty file releases
	 * nothing.
	 */
	public List<RoomRelease> parse(byte[] content) throws InvalidReleaseFileException {
		if (content.length > MAX_FILE_BYTES) {
			throw new InvalidReleaseFileException(
					List.of("file: is " + content.length + " bytes, more than the limit of " + MAX_FILE_BYTES));
		}
		Object document;
		try {
			document = StrictYaml.reader(MAX_FILE_BYTES).load(new String(content, StandardCharsets.UTF_8));
		}
		catch (YAMLException ex) {
			throw new InvalidReleaseFileException(List.of("file: is not valid YAML: " + oneLine(ex.getMessage())));
		}
		if (document == null) {
			return List.of();
		}
		List<String> problems = new ArrayList<>();
		List<RoomRelease> releases = read(document, problems);
		if (!problems.isEmpty()) {
			throw new InvalidReleaseFileException(problems);
		}
		return releases;
	}

	private static List<RoomRelease> read(Object document, List<String> problems) {
		if (!(document instanceof Map<?, ?> file)) {
			problems.add("file: must be a mapping with a 'releases' list, was " + describe(document));
			return List.of();
		}
		unknownFields(file, FILE_FIELDS, "", problems);
		if (!file.containsKey("releases")) {
			problems.add("releases: is required (a list; [] for none)");
			return List.of();
		}
		if (!(file.get("releases") instanceof List<?> entries)) {
			problems.add("releases: must be a list, was " + describe(file.get("releases")));
			return List.of();
		}
		List<RoomRelease> releases = new ArrayList<>();
		// Where each event was first named, so that a repeat names the entry it repeats.
		Map<String, Integer> firstAt = new HashMap<>();
		for (int i = 0; i < entries.size(); i++) {
			RoomRelease release = entry(entries.get(i), "releases[" + i + "]", problems);
			if (release == null) {
				continue;
			}
			Integer earlier = firstAt.putIfAbsent(eventKey(release), i);
			if (earlier != null) {
				problems.add("releases[" + i + "]: names the same room and event as releases[" + earlier
						+ "]; keep one entry per held event");
				continue;
			}
			releases.add(release);
		}
		return List.copyOf(releases);
	}

	private static @Nullable RoomRelease entry(@Nullable Object value, String at, List<String> problems) {
		if (!(value instanceof Map<?, ?> entry)) {
			problems.add(at + ": must be a mapping (room, eid or offset, action, reason), was " + describe(value));
			return null;
		}
		int before = problems.size();
		unknownFields(entry, ENTRY_FIELDS, at + ".", problems);
		Long room = room(entry.get("room"), at + ".room", problems);
		Optional<String> eventId = Optional.empty();
		OptionalLong offset = OptionalLong.empty();
		boolean hasEid = entry.containsKey("eid");
		boolean hasOffset = entry.containsKey("offset");
		if (hasEid && hasOffset) {
			problems.add(at + ": names the event by both eid and offset; give exactly one");
		}
		else if (!hasEid && !hasOffset) {
			problems.add(at + ": names no event; give eid (the held event's id) or offset (for a record without "
					+ "a usable id)");
		}
		else if (hasEid) {
			String eid = eid(entry.get("eid"), at + ".eid", problems);
			eventId = Optional.ofNullable(eid);
		}
		else {
			Long number = offset(entry.get("offset"), at + ".offset", problems);
			offset = (number != null) ? OptionalLong.of(number) : OptionalLong.empty();
		}
		RoomRelease.Action action = action(entry.get("action"), at + ".action", problems);
		String reason = reason(entry.get("reason"), at + ".reason", problems);
		if (problems.size() > before || room == null || action == null || reason == null) {
			return null;
		}
		return new RoomRelease(room, eventId, offset, action, reason);
	}

	private static @Nullable Long room(@Nullable Object value, String field, List<String> problems) {
		String text = (value instanceof String s) ? s : isWholeNumber(value) ? String.valueOf(value) : null;
		if (text != null && ROOM.matcher(text).matches() && new BigInteger(text).compareTo(MAX_LONG) <= 0) {
			return Long.parseLong(text);
		}
		add(problems, field, (value == null) ? "is required (the held room's id, decimal text)"
				: describe(value) + " is not a room id (decimal 1 to " + Long.MAX_VALUE + ")");
		return null;
	}

	private static @Nullable String eid(@Nullable Object value, String field, List<String> problems) {
		// YAML reads an all-digit id as a number; ids are text, so it is taken as its
		// digits.
		String text = (value instanceof String s) ? s : isWholeNumber(value) ? String.valueOf(value) : null;
		if (text != null && !text.isBlank() && text.length() <= MAX_EID_CHARS) {
			return text;
		}
		add(problems, field, (text != null && !text.isBlank())
				? "is " + text.length() + " characters, more than the " + MAX_EID_CHARS + " an event id may have"
				: "must be the held event's id (1 to " + MAX_EID_CHARS + " characters), was " + describe(value));
		return null;
	}

	private static @Nullable Long offset(@Nullable Object value, String field, List<String> problems) {
		if (isWholeNumber(value)) {
			BigInteger number = new BigInteger(String.valueOf(value));
			if (number.signum() >= 0 && number.compareTo(MAX_LONG) <= 0) {
				return number.longValue();
			}
		}
		add(problems, field, "must be the held record's offset, a whole number 0 or more, was " + describe(value));
		return null;
	}

	private static RoomRelease.@Nullable Action action(@Nullable Object value, String field, List<String> problems) {
		if ("skip".equals(value)) {
			return RoomRelease.Action.SKIP;
		}
		if ("redeliver".equals(value)) {
			return RoomRelease.Action.REDELIVER;
		}
		add(problems, field, (value == null) ? "is required (one of skip, redeliver)"
				: describe(value) + " is not one of skip, redeliver");
		return null;
	}

	private static @Nullable String reason(@Nullable Object value, String field, List<String> problems) {
		if (value instanceof String text && !text.isBlank()) {
			return text;
		}
		add(problems, field, (value == null) ? "is required (why the room is released: a ticket, a fix)"
				: "must be a non-empty text, was " + describe(value));
		return null;
	}

	private static void add(List<String> problems, String field, String reason) {
		problems.add(field + ": " + reason);
	}

	private static boolean isWholeNumber(@Nullable Object value) {
		return value instanceof Integer || value instanceof Long || value instanceof BigInteger;
	}

	private static String eventKey(RoomRelease release) {
		return release.roomId() + (release.eventId().isPresent() ? " eid " + release.eventId().get()
				: " offset " + release.offset().getAsLong());
	}

	private static void unknownFields(Map<?, ?> map, Set<String> known, String prefix, List<String> problems) {
		for (Object key : map.keySet()) {
			if (!known.contains(String.valueOf(key))) {
				problems.add(prefix + key + ": is not a known field (known: "
						+ String.join(", ", known.stream().sorted().toList()) + ")");
			}
		}
	}

}
