package io.aclgateway.routing.rules;

import java.util.Arrays;
import java.util.List;

/**
 * A rule's path pattern: {@code *} is exactly one segment, {@code **} any number of segments
 * (zero included), every other segment is literal and compared case-sensitively.
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

	/** Whether the request path (without query) matches. */
	public boolean matches(String path) {
		if (!path.startsWith("/")) {
			return false;
		}
		List<String> pathSegments = Arrays.asList(path.substring(1).split("/", -1));
		return matches(0, pathSegments, 0);
	}

	private boolean matches(int patternIndex, List<String> path, int pathIndex) {
		while (patternIndex < segments.size()) {
			String segment = segments.get(patternIndex);
			if (segment.equals("**")) {
				if (patternIndex == segments.size() - 1) {
					return true;
				}
				for (int skip = pathIndex; skip <= path.size(); skip++) {
					if (matches(patternIndex + 1, path, skip)) {
						return true;
					}
				}
				return false;
			}
			if (pathIndex >= path.size() || (!segment.equals("*") && !segment.equals(path.get(pathIndex)))) {
				return false;
			}
			patternIndex++;
			pathIndex++;
		}
		return pathIndex == path.size();
	}

	@Override
	public String toString() {
		return pattern;
	}

}
