package io.aclgateway.routing.client;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An app version: Semantic Versioning 2.0.0 precedence with the leniencies of clients.md
 * (leading {@code v}, missing minor or patch). Build metadata is dropped, as it never
 * orders.
 */
public record ClientVersion(int major, int minor, int patch,
		List<String> preRelease) implements Comparable<ClientVersion> {

	private static final Pattern NUMERIC = Pattern.compile("0|[1-9][0-9]*");

	private static final Pattern IDENTIFIER = Pattern.compile("[0-9A-Za-z-]+");

	public ClientVersion {
		if (major < 0 || minor < 0 || patch < 0) {
			throw new IllegalArgumentException(
					"version parts must not be negative: " + major + "." + minor + "." + patch);
		}
		preRelease = List.copyOf(preRelease);
	}

	public static ClientVersion of(int major, int minor, int patch) {
		return new ClientVersion(major, minor, patch, List.of());
	}

	/**
	 * Parses a version as clients.md section 3 says; empty when the text is not one.
	 * Never throws.
	 */
	public static Optional<ClientVersion> parse(String text) {
		if (text == null || text.isEmpty() || text.length() > 256) {
			return Optional.empty();
		}
		String rest = text;
		if (rest.charAt(0) == 'v' || rest.charAt(0) == 'V') {
			rest = rest.substring(1);
		}
		int plus = rest.indexOf('+');
		if (plus >= 0) {
			if (!identifiers(rest.substring(plus + 1)).isPresent()) {
				return Optional.empty();
			}
			rest = rest.substring(0, plus);
		}
		List<String> preRelease = List.of();
		int dash = rest.indexOf('-');
		if (dash >= 0) {
			Optional<List<String>> tags = identifiers(rest.substring(dash + 1));
			if (tags.isEmpty() || !tags.get().stream().allMatch(ClientVersion::validPreReleaseIdentifier)) {
				return Optional.empty();
			}
			preRelease = tags.get();
			rest = rest.substring(0, dash);
		}
		String[] core = rest.split("\\.", -1);
		if (core.length > 3) {
			return Optional.empty();
		}
		int[] numbers = new int[3];
		for (int i = 0; i < core.length; i++) {
			if (!NUMERIC.matcher(core[i]).matches() || core[i].length() > 10) {
				return Optional.empty();
			}
			long value = Long.parseLong(core[i]);
			if (value > Integer.MAX_VALUE) {
				return Optional.empty();
			}
			numbers[i] = (int) value;
		}
		return Optional.of(new ClientVersion(numbers[0], numbers[1], numbers[2], preRelease));
	}

	private static Optional<List<String>> identifiers(String dotted) {
		String[] parts = dotted.split("\\.", -1);
		List<String> result = new ArrayList<>(parts.length);
		for (String part : parts) {
			if (!IDENTIFIER.matcher(part).matches()) {
				return Optional.empty();
			}
			result.add(part);
		}
		return Optional.of(result);
	}

	private static boolean validPreReleaseIdentifier(String identifier) {
		return !isNumeric(identifier) || NUMERIC.matcher(identifier).matches();
	}

	private static boolean isNumeric(String identifier) {
		return identifier.chars().allMatch(c -> c >= '0' && c <= '9');
	}

	@Override
	public int compareTo(ClientVersion other) {
		int byCore = Integer.compare(major, other.major);
		if (byCore == 0) {
			byCore = Integer.compare(minor, other.minor);
		}
		if (byCore == 0) {
			byCore = Integer.compare(patch, other.patch);
		}
		return (byCore != 0) ? byCore : comparePreRelease(preRelease, other.preRelease);
	}

	private static int comparePreRelease(List<String> left, List<String> right) {
		if (left.isEmpty() || right.isEmpty()) {
			// A release ranks above any of its pre-releases.
			return Boolean.compare(left.isEmpty(), right.isEmpty());
		}
		for (int i = 0; i < Math.min(left.size(), right.size()); i++) {
			int byIdentifier = compareIdentifier(left.get(i), right.get(i));
			if (byIdentifier != 0) {
				return byIdentifier;
			}
		}
		return Integer.compare(left.size(), right.size());
	}

	private static int compareIdentifier(String left, String right) {
		boolean leftNumeric = isNumeric(left);
		boolean rightNumeric = isNumeric(right);
		if (leftNumeric && rightNumeric) {
			// Without leading zeros, a longer number is a larger one; this needs no size
			// limit.
			int byLength = Integer.compare(left.length(), right.length());
			return (byLength != 0) ? byLength : left.compareTo(right);
		}
		if (leftNumeric != rightNumeric) {
			return leftNumeric ? -1 : 1;
		}
		return left.compareTo(right);
	}

	@Override
	public String toString() {
		String core = major + "." + minor + "." + patch;
		return preRelease.isEmpty() ? core : core + "-" + String.join(".", preRelease);
	}

}
