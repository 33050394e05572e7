package io.aclgateway.routing.rules;

import java.util.Arrays;
import java.util.List;

/**
 * A rule's path pattern: {@code *} is exactly one segment, {@code **} any number of
 * segments (zero included), every other segment is literal and compared case-sensitively.
 */
public final class PathGlob {

	private final String pattern;

	private final List<String> segments;

	private PathGlob(String pattern) {
		this.pattern = pattern;
		this.segments = Arrays.asList(pattern.substring(1).split("/", -1));
	}

	/** Compiles a pattern, or throws with the reason it is not one. */
	public static PathGlob compile(String pattern) {
		if (!pattern.startsWith("/")) {
			throw new IllegalArgumentException("must start with '/'");
		}
		for (String segment : pattern.substring(1).split("/", -1)) {
			if (segment.contains("*") && !segment.equals("*") && !segment.equals("**")) {
				throw new IllegalArgumentException(
						"'*' and '**' must be a whole segment, not part of '" + segment + "'");
			}
		}
		return new PathGlob(pattern);
	}

	/**
	 * Whether the request path (without query, in its normal form: {@link RequestPath})
	 * matches. Takes time proportional to the pattern's and the path's segments
	 * multiplied, never more: the path comes from the client, and a pattern with several
	 * {@code **} must not let a long path hold a thread.
	 */
	public boolean matches(String path) {
		if (!path.startsWith("/")) {
			return false;
		}
		List<String> pathSegments = Arrays.asList(path.substring(1).split("/", -1));
		int patternIndex = 0;
		int pathIndex = 0;
		// The last '**' seen and the path segment it was tried at: on a mismatch, that
		// '**' takes one more segment.
		// Retrying only the last '**' is enough, as whatever an earlier one could take,
		// the last can take instead.
		int lastDoubleStar = -1;
		int lastDoubleStarPath = -1;
		while (pathIndex < pathSegments.size()) {
			String segment = (patternIndex < segments.size()) ? segments.get(patternIndex) : null;
			if ("**".equals(segment)) {
				lastDoubleStar = patternIndex++;
				lastDoubleStarPath = pathIndex;
			}
			else if (segment != null && (segment.equals("*") || segment.equals(pathSegments.get(pathIndex)))) {
				patternIndex++;
				pathIndex++;
			}
			else if (lastDoubleStar >= 0) {
				patternIndex = lastDoubleStar + 1;
				pathIndex = ++lastDoubleStarPath;
			}
			else {
				return false;
			}
		}
		while (patternIndex < segments.size() && segments.get(patternIndex).equals("**")) {
			patternIndex++;
		}
		return patternIndex == segments.size();
	}

	@Override
	public String toString() {
		return pattern;
	}

}
