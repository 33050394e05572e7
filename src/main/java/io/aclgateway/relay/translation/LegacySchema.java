package io.aclgateway.relay.translation;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import org.jspecify.annotations.Nullable;

/**
 * The legacy message format's JSON Schemas ({@code contracts/schemas/legacy}, shipped in
 * the jar), compiled once: whatever the translator makes is held to them before it may
 * reach the legacy consumers, so that a translator bug never does.
 */
public final class LegacySchema {

	/** Where the build puts {@code contracts/schemas/legacy} on the classpath. */
	static final String RESOURCES = "contracts/schemas/legacy/";

	/** The schemas' {@code $id}s are names under this prefix, never fetched. */
	static final String ID_PREFIX = "https://contracts.acl-gateway/legacy/";

	/**
	 * At most this many of the validator's complaints are kept per message, each cut to
	 * {@link #MAX_VIOLATION_CHARS}: enough to find the bug, never a wall of text.
	 */
	static final int MAX_VIOLATIONS = 5;

	static final int MAX_VIOLATION_CHARS = 200;

	private final Map<LegacyCommand, Schema> schemas = new EnumMap<>(LegacyCommand.class);

	private LegacySchema(ClassLoader classLoader) {
		// Format assertion on, as the contract asks (contracts/README.md): in 2020-12
		// `format` is an annotation unless the validator is told to assert it.
		SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
				builder -> builder
					.schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build())
					.schemas(iri -> read(classLoader, iri)));
		for (LegacyCommand command : LegacyCommand.values()) {
			Schema schema = registry.getSchema(SchemaLocation.of(ID_PREFIX + command.wireName() + ".schema.json"));
			// Every reference resolved and every keyword compiled now, at start: nothing
			// is
			// read from the classpath on the request path.
			schema.initializeValidators();
			schemas.put(command, schema);
		}
	}

	/**
	 * The schemas from the classpath, compiled. Fails when one is missing or broken: the
	 * relay must not start without them.
	 */
	public static LegacySchema load() {
		return new LegacySchema(LegacySchema.class.getClassLoader());
	}

	private static @Nullable String read(ClassLoader classLoader, String iri) {
		if (!iri.startsWith(ID_PREFIX)) {
			return null;
		}
		String resource = RESOURCES + iri.substring(ID_PREFIX.length());
		try (InputStream in = classLoader.getResourceAsStream(resource)) {
			if (in == null) {
				throw new IllegalStateException("The legacy JSON Schema " + resource + " is not on the classpath");
			}
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * What the schema of the message's command refuses about its body, empty when it
	 * passes. Each entry names a place and a rule, never a value of the message, so that
	 * it may be logged: no user content.
	 */
	public List<String> violations(LegacyMessage message) {
		Optional<LegacyCommand> command = LegacyCommand.fromWireName(message.cmd());
		if (command.isEmpty()) {
			return List.of("no legacy command is named " + cut(message.cmd()));
		}
		List<Error> errors;
		try {
			// Every command's schema is compiled in the constructor.
			errors = Objects.requireNonNull(schemas.get(command.get())).validate(message.body(), InputFormat.JSON);
		}
		catch (RuntimeException ex) {
			// The parser's message would quote the body.
			return List.of("the body is not one JSON value");
		}
		if (errors.isEmpty()) {
			return List.of();
		}
		List<String> violations = new ArrayList<>(Math.min(errors.size(), MAX_VIOLATIONS + 1));
		for (Error error : errors.subList(0, Math.min(errors.size(), MAX_VIOLATIONS))) {
			violations.add(cut(violation(error)));
		}
		if (errors.size() > MAX_VIOLATIONS) {
			violations.add("and " + (errors.size() - MAX_VIOLATIONS) + " more");
		}
		return List.copyOf(violations);
	}

	/**
	 * The rule and the place, with a member's name or the JSON types where the rule is
	 * about those, never the instance's value: some of the validator's arguments quote it
	 * ({@code const}). Not the validator's own sentence either: it is built from a
	 * resource bundle on first use, a file read that must not happen on an event loop.
	 */
	private static String violation(Error error) {
		String at = error.getInstanceLocation().toString();
		Object[] arguments = Objects.requireNonNullElse(error.getArguments(), new Object[0]);
		String detail = switch (error.getKeyword()) {
			case "required", "additionalProperties" -> (arguments.length > 0) ? ": " + arguments[0] : "";
			case "type" -> (arguments.length > 1) ? ": " + arguments[0] + " found, " + arguments[1] + " expected" : "";
			default -> "";
		};
		return error.getKeyword() + " at " + (at.isEmpty() ? "the root" : at) + detail;
	}

	private static String cut(String text) {
		return (text.length() <= MAX_VIOLATION_CHARS) ? text : text.substring(0, MAX_VIOLATION_CHARS - 1) + "…";
	}

}
