package io.aclgateway.routing.rules;

import java.util.List;
import java.util.OptionalLong;

import org.jspecify.annotations.Nullable;

/**
 * Where a shadow rule finds the room id in a request path (shadow.md section 1,
 * {@code room}): a path pattern with one segment {@code {rid}}, such as
 * {@code /v1/rooms/{rid}/**}. {@code {rid}} stands for exactly one segment, a decimal
 * room id; no {@code **} may come before it, so that its place in a path is never a
 * guess.
 */
public final class RoomTemplate {

	static final String ROOM_ID = "{rid}";

	private final String template;

	private final PathGlob glob;

	private final int roomSegment;

	private RoomTemplate(String template, PathGlob glob, int roomSegment) {
		this.template = template;
		this.glob = glob;
		this.roomSegment = roomSegment;
	}

	/** Compiles a template, or throws with the reason it is not one. */
	public static RoomTemplate compile(String template) {
		if (!template.startsWith("/")) {
			throw new IllegalArgumentException("must start with '/'");
		}
		List<String> segments = List.of(template.substring(1).split("/", -1));
		int roomSegment = segments.indexOf(ROOM_ID);
		if (roomSegment < 0 || segments.lastIndexOf(ROOM_ID) != roomSegment) {
			throw new IllegalArgumentException("'" + template + "' must have exactly one segment " + ROOM_ID);
		}
		if (segments.subList(0, roomSegment).contains("**")) {
			throw new IllegalArgumentException(
					"'" + template + "' has '**' before " + ROOM_ID + ", so the room id's place in a path is a guess");
		}
		if (segments.stream().anyMatch(segment -> !segment.equals(ROOM_ID) && segment.contains("{"))) {
			throw new IllegalArgumentException("'" + template + "' names no other segment than " + ROOM_ID);
		}
		return new RoomTemplate(template, PathGlob.compile(asGlob(template)), roomSegment);
	}

	/** The template as a path pattern: {@code {rid}} is one segment, as {@code *} is. */
	static String asGlob(String template) {
		return template.replace(ROOM_ID, "*");
	}

	/**
	 * The room id in a request path (normal form), when the path matches the template and
	 * the segment at {@code {rid}} is a decimal that fits a {@code long}.
	 */
	public OptionalLong roomId(String path) {
		if (!glob.matches(path)) {
			return OptionalLong.empty();
		}
		String[] segments = path.substring(1).split("/", roomSegment + 2);
		String id = segments[roomSegment];
		if (id.isEmpty() || id.length() > 19 || !id.chars().allMatch(c -> c >= '0' && c <= '9')) {
			return OptionalLong.empty();
		}
		try {
			return OptionalLong.of(Long.parseLong(id));
		}
		catch (NumberFormatException ex) {
			return OptionalLong.empty();
		}
	}

	@Override
	public boolean equals(@Nullable Object other) {
		return other instanceof RoomTemplate that && template.equals(that.template);
	}

	@Override
	public int hashCode() {
		return template.hashCode();
	}

	@Override
	public String toString() {
		return template;
	}

}
