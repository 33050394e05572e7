package io.aclgateway.routing.client;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * An enum constant with the lowercase name that files, headers and metrics use for it.
 * The lookup by that name and the list of allowed names in messages are derived from the
 * constants here, once, instead of a loop and a hand-kept list beside each enum.
 */
public interface WireNamed {

	/** The name as the routing file, headers, metrics and logs write it. */
	String wireName();

	/** The constant whose wire name is exactly {@code name}; empty when there is none. */
	static <E extends Enum<E> & WireNamed> Optional<E> fromWireName(E[] values, String name) {
		return Arrays.stream(values).filter(value -> value.wireName().equals(name)).findFirst();
	}

	/**
	 * The wire names in declaration order, as a message lists what is allowed:
	 * {@code "a, b, c"}.
	 */
	static <E extends Enum<E> & WireNamed> String allowed(E[] values) {
		return Arrays.stream(values).map(WireNamed::wireName).collect(Collectors.joining(", "));
	}

}
