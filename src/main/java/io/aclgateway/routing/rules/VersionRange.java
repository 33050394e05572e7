package io.aclgateway.routing.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.aclgateway.routing.client.ClientVersion;

/** A rule's {@code versions}: space-separated comparators that must all hold. */
public final class VersionRange {

	private final String text;

	private final List<Comparator> comparators;

	private VersionRange(String text, List<Comparator> comparators) {
		this.text = text;
		this.comparators = List.copyOf(comparators);
	}

	/**
	 * Parses a range such as {@code >=5.0.0 <6.0.0}, or throws with the reason it is not
	 * one.
	 */
	public static VersionRange parse(String text) {
		String[] parts = text.strip().split("\\s+");
		if (text.isBlank()) {
			throw new IllegalArgumentException("is empty; write comparators such as '>=5.0.0 <6.0.0'");
		}
		List<Comparator> comparators = new ArrayList<>();
		for (String part : parts) {
			comparators.add(Comparator.parse(part));
		}
		return new VersionRange(text.strip(), comparators);
	}

	/**
	 * Whether the version satisfies every comparator; a client without a version never
	 * does.
	 */
	public boolean includes(Optional<ClientVersion> version) {
		return version.isPresent() && comparators.stream().allMatch(c -> c.holdsFor(version.get()));
	}

	@Override
	public String toString() {
		return text;
	}

	private record Comparator(String operator, ClientVersion version) {

		private static final List<String> OPERATORS = List.of(">=", "<=", ">", "<", "=");

		static Comparator parse(String text) {
			for (String operator : OPERATORS) {
				if (text.startsWith(operator)) {
					String versionText = text.substring(operator.length());
					ClientVersion version = ClientVersion.parse(versionText)
						.orElseThrow(() -> new IllegalArgumentException(
								"'" + versionText + "' in '" + text + "' is not a version"));
					return new Comparator(operator, version);
				}
			}
			throw new IllegalArgumentException("comparator '" + text + "' must start with one of >=, >, <=, <, =");
		}

		boolean holdsFor(ClientVersion candidate) {
			int order = candidate.compareTo(version);
			return switch (operator) {
				case ">=" -> order >= 0;
				case "<=" -> order <= 0;
				case ">" -> order > 0;
				case "<" -> order < 0;
				default -> order == 0;
			};
		}

	}

}
