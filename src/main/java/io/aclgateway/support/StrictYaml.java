package io.aclgateway.support;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * The YAML reader of the files operators edit (the routing file, the relay's release
 * file): SnakeYAML's safe types, no duplicate keys, few aliases, a bounded size, and only
 * plain decimals as numbers.
 */
public final class StrictYaml {

	private StrictYaml() {
	}

	/**
	 * A new reader (SnakeYAML's are not thread-safe) of documents up to
	 * {@code maxCodePoints}.
	 */
	public static Yaml reader(int maxCodePoints) {
		LoaderOptions options = new LoaderOptions();
		options.setAllowDuplicateKeys(false);
		options.setMaxAliasesForCollections(20);
		options.setCodePointLimit(maxCodePoints);
		DumperOptions dumperOptions = new DumperOptions();
		return new Yaml(new SafeConstructor(options), new Representer(dumperOptions), dumperOptions, options,
				new NumbersAsWrittenResolver());
	}

	/**
	 * How a problem names a value found where another was expected: its kind for a
	 * mapping or list (never its content), the value itself for a scalar.
	 */
	public static String describe(@Nullable Object value) {
		if (value == null) {
			return "nothing";
		}
		if (value instanceof Map) {
			return "a mapping";
		}
		if (value instanceof List) {
			return "a list";
		}
		return "'" + value + "'";
	}

	/** SnakeYAML's multi-line message as one line of a problem list. */
	public static String oneLine(@Nullable String text) {
		return (text != null) ? text.replaceAll("\\s+", " ").strip() : "unreadable";
	}

	/**
	 * YAML 1.1 reads {@code 01001} as octal 513, {@code 0x1F} as 31, {@code 1_000} as
	 * 1000 and {@code 1:30} as 90: an id written so would silently become another id.
	 * Here only a plain decimal is a number; every other number-like scalar stays text,
	 * exactly as written.
	 */
	private static final class NumbersAsWrittenResolver extends Resolver {

		private static final Pattern DECIMAL = Pattern.compile("^-?(?:0|[1-9][0-9]*)$");

		private static final Pattern DIGITS = Pattern.compile("^[-+]?[0-9][0-9_]*$");

		@Override
		protected void addImplicitResolvers() {
			// The first matching resolver wins, so these come before YAML 1.1's own.
			addImplicitResolver(Tag.INT, DECIMAL, "-0123456789");
			addImplicitResolver(Tag.STR, INT, "-+0123456789");
			addImplicitResolver(Tag.STR, DIGITS, "-+0123456789");
			super.addImplicitResolvers();
		}

	}

}
