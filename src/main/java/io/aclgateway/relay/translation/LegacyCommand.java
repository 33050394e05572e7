package io.aclgateway.relay.translation;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The one catalog of legacy commands (events.md section 3), the {@code cmd} of each
 * message: queue overrides, metric tags and the translator's mappings derive from it.
 */
public enum LegacyCommand {

	ROOM_ADD("room_add"),

	ROOM_EDIT("room_edit"),

	ROOM_DELETE("room_delete"),

	MEMBER_ADD("member_add"),

	MEMBER_DELETE("member_delete"),

	CHAT_ADD("chat_add"),

	CHAT_EDIT("chat_edit"),

	CHAT_DELETE("chat_delete"),

	TASK_ADD("task_add"),

	TASK_DONE("task_done"),

	CHAT_READ("chat_read");

	private static final Map<String, LegacyCommand> BY_WIRE_NAME = Arrays.stream(values())
		.collect(Collectors.toUnmodifiableMap(LegacyCommand::wireName, Function.identity()));

	private final String wireName;

	LegacyCommand(String wireName) {
		this.wireName = wireName;
	}

	/** The {@code cmd} as the legacy consumers read it, e.g. {@code chat_add}. */
	public String wireName() {
		return wireName;
	}

	/**
	 * The command a {@code cmd} names, or empty when the legacy contract has no such
	 * command.
	 */
	public static Optional<LegacyCommand> fromWireName(String wireName) {
		return Optional.ofNullable(BY_WIRE_NAME.get(wireName));
	}

	/**
	 * Every {@code cmd}, sorted and comma-separated, for messages that say what is
	 * allowed.
	 */
	public static String wireNames() {
		return BY_WIRE_NAME.keySet().stream().sorted().collect(Collectors.joining(", "));
	}

}
