package io.aclgateway.routing.rules;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.YAMLException;

import io.aclgateway.routing.client.CohortHeaders;
import io.aclgateway.routing.client.Platform;
import io.aclgateway.routing.client.WireNamed;
import io.aclgateway.support.Sha256;
import io.aclgateway.support.StrictYaml;

import static io.aclgateway.support.StrictYaml.describe;
import static io.aclgateway.support.StrictYaml.oneLine;

/**
 * Reads a routing file (routing.md) as a whole: either every field is valid and the
 * result is the rules, or the file is rejected with every problem found. Nothing in
 * between.
 */
public final class RoutingFileParser {

	/**
	 * A routing file is a page of YAML; anything much larger is a mistake, not a routing
	 * table.
	 */
	static final int MAX_FILE_BYTES = 1024 * 1024;

	static final Set<String> FILE_FIELDS = Set.of("mode", "default", "tenant-header", "account-header", "rules",
			"shadow");

	static final Set<String> RULE_FIELDS = Set.of("name", "target", "paths", "methods", "platforms", "versions",
			"tenants", "accounts", "rollout");

	static final Set<String> ROLLOUT_FIELDS = Set.of("percent", "by");

	static final Set<String> SHADOW_FIELDS = Set.of("percent", "noise-percent", "rules");

	static final Set<String> SHADOW_RULE_FIELDS = Set.of("name", "paths", "methods", "idempotent", "repeatable", "room",
			"compare");

	static final Set<String> COMPARE_FIELDS = Set.of("legacy", "falcon", "ignore", "unordered", "status");

	static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE",
			"CONNECT");

	/** Labels that decisions already use, so a rule may not take them as its name. */
	static final Set<String> RESERVED_NAMES = Set.of(RouteDecision.DEFAULT_RULE, RouteDecision.INVALID_PATH_RULE,
			Mode.RULES.wireName(), Mode.LEGACY_ONLY.wireName(), Mode.FALCON_ONLY.wireName());

	static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

	static final Pattern RULE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

	/** Parses the file's bytes, or throws with every problem found. */
	public RoutingRules parse(byte[] content) throws InvalidRoutingFileException {
		if (content.length > MAX_FILE_BYTES) {
			throw new InvalidRoutingFileException(
					List.of("file: is " + content.length + " bytes, more than the limit of " + MAX_FILE_BYTES));
		}
		Object document;
		try {
			document = yaml().load(new String(content, StandardCharsets.UTF_8));
		}
		catch (YAMLException ex) {
			throw new InvalidRoutingFileException(List.of("file: is not valid YAML: " + oneLine(ex.getMessage())));
		}
		if (document == null) {
			throw new InvalidRoutingFileException(List.of("file: is empty; write at least 'mode: rules'"));
		}
		Problems problems = new Problems();
		RoutingRules rules = read(document, problems, version(content));
		if (rules == null || !problems.isEmpty()) {
			throw new InvalidRoutingFileException(problems.list);
		}
		return rules;
	}

	/**
	 * The YAML reader of the file: SnakeYAML's safe types, no duplicate keys, only plain
	 * decimals as numbers.
	 */
	static Yaml yaml() {
		return StrictYaml.reader(MAX_FILE_BYTES);
	}

	private @Nullable RoutingRules read(Object document, Problems problems, String version) {
		Map<?, ?> file = problems.map(document, "file");
		if (file == null) {
			return null;
		}
		problems.unknownFields(file, FILE_FIELDS, "");
		Mode mode = problems.oneOf(file.get("mode"), "mode", Mode.RULES, Mode::fromWireName,
				WireNamed.allowed(Mode.values()));
		Target defaultTarget = problems.oneOf(file.get("default"), "default", Target.LEGACY, Target::fromWireName,
				WireNamed.allowed(Target.values()));
		String tenantHeader = headerName(file.get("tenant-header"), "tenant-header", CohortHeaders.DEFAULT.tenant(),
				problems);
		String accountHeader = headerName(file.get("account-header"), "account-header", CohortHeaders.DEFAULT.account(),
				problems);
		List<Rule> rules = new ArrayList<>();
		// For each rule read: its index in the file, and where in the problems a refusal
		// of it belongs.
		List<Integer> places = new ArrayList<>();
		List<Integer> problemMarks = new ArrayList<>();
		Object rulesValue = file.get("rules");
		if (rulesValue != null) {
			List<?> list = problems.list(rulesValue, "rules");
			for (int i = 0; list != null && i < list.size(); i++) {
				Rule rule = rule(list.get(i), "rules[" + i + "]", problems);
				if (rule != null) {
					rules.add(rule);
					places.add(i);
					problemMarks.add(problems.size());
				}
			}
		}
		ShadowSection shadow = file.containsKey("shadow") ? shadow(file.get("shadow"), problems) : ShadowSection.NONE;
		// The domain checks the rules as a whole, even when the file has other problems,
		// so that all are listed;
		// a mode or default already reported stands in as its default.
		try {
			RoutingRules result = new RoutingRules((mode != null) ? mode : Mode.RULES,
					(defaultTarget != null) ? defaultTarget : Target.LEGACY,
					new CohortHeaders(tenantHeader, accountHeader), rules,
					(shadow != null) ? shadow : ShadowSection.NONE, version);
			return problems.isEmpty() ? result : null;
		}
		catch (RoutingRules.DuplicateRuleNameException ex) {
			// From the last, so that each insertion leaves the earlier marks in place.
			List<Integer> repeating = new ArrayList<>(ex.reasons.keySet());
			for (int k = repeating.size() - 1; k >= 0; k--) {
				int index = repeating.get(k);
				problems.insert(problemMarks.get(index), "rules[" + places.get(index) + "].name",
						Objects.requireNonNull(ex.reasons.get(index), "a reason per repeating rule"));
			}
			return null;
		}
	}

	private static String headerName(@Nullable Object value, String field, String fallback, Problems problems) {
		if (value == null) {
			return fallback;
		}
		String name = problems.string(value, field);
		if (name != null && !HEADER_NAME.matcher(name).matches()) {
			problems.add(field, "'" + name + "' is not an HTTP header name");
		}
		return (name != null) ? name : fallback;
	}

	private @Nullable Rule rule(Object value, String at, Problems problems) {
		Map<?, ?> rule = problems.map(value, at);
		if (rule == null) {
			return null;
		}
		int before = problems.size();
		problems.unknownFields(rule, RULE_FIELDS, at + ".");
		String name = problems.string(rule.get("name"), at + ".name");
		if (name != null && !RULE_NAME.matcher(name).matches()) {
			problems.add(at + ".name", "'" + name + "' must be 1 to 64 of letters, digits, '.', '_', '-'");
		}
		else if (name != null && RESERVED_NAMES.contains(name)) {
			problems.add(at + ".name", "'" + name + "' is reserved for decisions no rule made");
		}
		Target target = problems.oneOf(rule.get("target"), at + ".target", null, Target::fromWireName,
				WireNamed.allowed(Target.values()));
		List<PathGlob> paths = problems.elements(rule, "paths", at, RoutingFileParser::path);
		List<String> methods = problems.elements(rule, "methods", at, RoutingFileParser::method);
		List<Platform> platforms = problems.elements(rule, "platforms", at,
				text -> Platform.fromWireName(text)
					.orElseThrow(() -> new IllegalArgumentException(
							"'" + text + "' is not one of " + WireNamed.allowed(Platform.values()))));
		VersionRange versions = null;
		if (rule.containsKey("versions")) {
			String range = problems.string(rule.get("versions"), at + ".versions");
			versions = (range != null) ? problems.attempt(() -> VersionRange.parse(range), at + ".versions") : null;
		}
		List<String> tenants = problems.elements(rule, "tenants", at, Function.identity());
		List<String> accounts = problems.elements(rule, "accounts", at, Function.identity());
		Rollout rollout = rule.containsKey("rollout") ? rollout(rule.get("rollout"), at + ".rollout", problems) : null;
		if (problems.size() > before || name == null || target == null) {
			return null;
		}
		return new Rule(name, target, paths, (methods != null) ? Set.copyOf(methods) : null,
				(platforms != null) ? Set.copyOf(platforms) : null, versions,
				(tenants != null) ? Set.copyOf(tenants) : null, (accounts != null) ? Set.copyOf(accounts) : null,
				rollout);
	}

	/**
	 * A rule's path pattern. Requests are matched in their path's normal form
	 * ({@link RequestPath}), so a pattern spelled otherwise ({@code %75}, lower-case hex,
	 * {@code //}) would silently never match.
	 */
	private static PathGlob path(String text) {
		PathGlob glob = PathGlob.compile(text);
		RequestPath read = RequestPath.of(text);
		if (read.refused()) {
			throw new IllegalArgumentException(
					"has no single meaning (" + read.problem() + "), so no request matches it");
		}
		if (!read.normal().equals(text)) {
			throw new IllegalArgumentException("requests are matched in their path's normal form, so '" + text
					+ "' would never match: write it '" + read.normal() + "'");
		}
		return glob;
	}

	private static String method(String text) {
		String method = text.toUpperCase(Locale.ROOT);
		if (!METHODS.contains(method)) {
			throw new IllegalArgumentException("'" + text + "' is not an HTTP method");
		}
		return method;
	}

	private static @Nullable Rollout rollout(@Nullable Object value, String at, Problems problems) {
		Map<?, ?> rollout = problems.map(value, at);
		if (rollout == null) {
			return null;
		}
		problems.unknownFields(rollout, ROLLOUT_FIELDS, at + ".");
		Object percent = rollout.get("percent");
		Object byValue = rollout.get("by");
		Rollout result = null;
		if (!(percent instanceof Integer number)) {
			problems.add(at + ".percent", "must be a whole number 0..100, was " + describe(percent));
		}
		else {
			// The percent is put to the domain whatever 'by' says (a wrong one is
			// reported next), so that a file
			// wrong in both is told both; an absent or unknown 'by' stands in as account
			// for this attempt.
			Rollout.By by = (byValue instanceof String text) ? Rollout.By.fromWireName(text).orElse(null) : null;
			result = problems.attempt(() -> new Rollout(number, (by != null) ? by : Rollout.By.ACCOUNT),
					at + ".percent");
		}
		Rollout.By by = problems.oneOf(byValue, at + ".by", null, Rollout.By::fromWireName,
				WireNamed.allowed(Rollout.By.values()));
		return (result != null && by != null) ? result : null;
	}

	/**
	 * The {@code shadow} section (shadow.md section 1). {@code percent} is required: a
	 * section that does not say how much it copies is a mistake, not a default.
	 */
	private static @Nullable ShadowSection shadow(@Nullable Object value, Problems problems) {
		Map<?, ?> section = problems.map(value, "shadow");
		if (section == null) {
			return null;
		}
		int before = problems.size();
		problems.unknownFields(section, SHADOW_FIELDS, "shadow.");
		Integer percent = problems.percent(section.get("percent"), "shadow.percent", null);
		Integer noisePercent = problems.percent(section.get("noise-percent"), "shadow.noise-percent", 0);
		List<ShadowRule> rules = new ArrayList<>();
		Object rulesValue = section.get("rules");
		if (rulesValue != null) {
			List<?> list = problems.list(rulesValue, "shadow.rules");
			Set<String> names = new HashSet<>();
			for (int i = 0; list != null && i < list.size(); i++) {
				ShadowRule rule = shadowRule(list.get(i), "shadow.rules[" + i + "]", names, problems);
				if (rule != null) {
					rules.add(rule);
				}
			}
		}
		if (problems.size() > before || percent == null || noisePercent == null) {
			return null;
		}
		return problems.attempt(() -> new ShadowSection(percent, noisePercent, rules), "shadow");
	}

	private static @Nullable ShadowRule shadowRule(Object value, String at, Set<String> names, Problems problems) {
		Map<?, ?> rule = problems.map(value, at);
		if (rule == null) {
			return null;
		}
		int before = problems.size();
		problems.unknownFields(rule, SHADOW_RULE_FIELDS, at + ".");
		String name = problems.string(rule.get("name"), at + ".name");
		if (name != null && !RULE_NAME.matcher(name).matches()) {
			problems.add(at + ".name", "'" + name + "' must be 1 to 64 of letters, digits, '.', '_', '-'");
		}
		else if (name != null && !names.add(name)) {
			problems.add(at + ".name", "'" + name + "' is used by an earlier shadow rule");
		}
		List<PathGlob> paths = problems.elements(rule, "paths", at, RoutingFileParser::path);
		List<String> methods = problems.elements(rule, "methods", at, RoutingFileParser::shadowMethod);
		Boolean idempotent = problems.bool(rule.get("idempotent"), at + ".idempotent", false);
		Boolean repeatable = problems.bool(rule.get("repeatable"), at + ".repeatable", true);
		if (methods != null && idempotent != null) {
			problems.attempt(() -> {
				ShadowRule.checkMethods(Set.copyOf(methods), idempotent);
				return methods;
			}, at + ".methods");
		}
		RoomTemplate room = null;
		if (rule.containsKey("room")) {
			String text = problems.string(rule.get("room"), at + ".room");
			room = (text != null) ? problems.attempt(() -> room(text), at + ".room") : null;
		}
		ShadowComparison compare = rule.containsKey("compare")
				? comparison(rule.get("compare"), at + ".compare", problems) : ShadowComparison.WHOLE_BODIES;
		if (problems.size() > before || name == null || idempotent == null || repeatable == null || compare == null) {
			return null;
		}
		return new ShadowRule(name, paths, (methods != null) ? Set.copyOf(methods) : null, idempotent, repeatable, room,
				compare);
	}

	/**
	 * A method a shadow rule may name: an HTTP method, but not CONNECT, whose tunnel
	 * cannot be copied.
	 */
	private static String shadowMethod(String text) {
		String method = method(text);
		if (method.equals("CONNECT")) {
			throw new IllegalArgumentException("'" + text + "' opens a tunnel, which cannot be copied");
		}
		return method;
	}

	/** A room template, in a path's normal form as path patterns are. */
	private static RoomTemplate room(String text) {
		RoomTemplate template = RoomTemplate.compile(text);
		path(text);
		return template;
	}

	private static @Nullable ShadowComparison comparison(@Nullable Object value, String at, Problems problems) {
		Map<?, ?> compare = problems.map(value, at);
		if (compare == null) {
			return null;
		}
		int before = problems.size();
		problems.unknownFields(compare, COMPARE_FIELDS, at + ".");
		String legacy = problems.pointer(compare, "legacy", at);
		String falcon = problems.pointer(compare, "falcon", at);
		List<PointerPattern> ignore = problems.patterns(compare, "ignore", at, true);
		List<PointerPattern> unordered = problems.patterns(compare, "unordered", at, false);
		Boolean status = problems.bool(compare.get("status"), at + ".status", true);
		if (problems.size() > before || legacy == null || falcon == null || ignore == null || unordered == null
				|| status == null) {
			return null;
		}
		return new ShadowComparison(legacy, falcon, ignore, unordered, status);
	}

	private static String version(byte[] content) {
		return Sha256.hex(content, 8);
	}

	/** Collects problems so that one reading reports all of them. */
	private static final class Problems {

		private final List<String> list = new ArrayList<>();

		void add(String field, String reason) {
			list.add(field + ": " + reason);
		}

		/**
		 * Adds a problem where it belongs in reading order, when it is found only later.
		 */
		void insert(int position, String field, String reason) {
			list.add(position, field + ": " + reason);
		}

		boolean isEmpty() {
			return list.isEmpty();
		}

		int size() {
			return list.size();
		}

		@Nullable Map<?, ?> map(@Nullable Object value, String field) {
			if (value instanceof Map<?, ?> map) {
				return map;
			}
			add(field, "must be a mapping, was " + describe(value));
			return null;
		}

		@Nullable List<?> list(Object value, String field) {
			if (value instanceof List<?> list) {
				return list;
			}
			add(field, "must be a list, was " + describe(value));
			return null;
		}

		@Nullable String string(@Nullable Object value, String field) {
			if (value instanceof String text && !text.isBlank()) {
				return text;
			}
			add(field, (value == null) ? "is required" : "must be a non-empty string, was " + describe(value));
			return null;
		}

		void unknownFields(Map<?, ?> map, Set<String> known, String prefix) {
			for (Object key : map.keySet()) {
				if (!known.contains(String.valueOf(key))) {
					add(prefix + key, "is not a known field (known: "
							+ String.join(", ", known.stream().sorted().toList()) + ")");
				}
			}
		}

		<T> @Nullable T oneOf(@Nullable Object value, String field, @Nullable T fallback,
				Function<String, java.util.Optional<T>> lookup, String allowed) {
			if (value == null && fallback != null) {
				return fallback;
			}
			if (value instanceof String text) {
				java.util.Optional<T> found = lookup.apply(text);
				if (found.isPresent()) {
					return found.get();
				}
			}
			add(field, (value == null) ? "is required (one of " + allowed + ")"
					: describe(value) + " is not one of " + allowed);
			return null;
		}

		/**
		 * A non-empty list of strings, each converted; {@code null} when the field is
		 * absent or wrong. A field present without a value ({@code tenants:}) is wrong,
		 * not absent: dropping the condition would widen the rule to every request.
		 */
		<T> @Nullable List<T> elements(Map<?, ?> rule, String key, String at, Function<String, T> convert) {
			if (!rule.containsKey(key)) {
				return null;
			}
			Object value = rule.get(key);
			String field = at + "." + key;
			if (!(value instanceof List<?> items) || items.isEmpty()) {
				add(field, "must be a non-empty list, was " + describe(value));
				return null;
			}
			List<T> result = new ArrayList<>();
			for (int i = 0; i < items.size(); i++) {
				Object item = items.get(i);
				// YAML reads 1001 as a number; ids are text, so a plain number is taken
				// as its digits.
				String text = (item instanceof Integer || item instanceof Long || item instanceof BigInteger)
						? item.toString() : (item instanceof String s && !s.isBlank()) ? s : null;
				if (text == null) {
					add(field + "[" + i + "]", "must be a non-empty string, was " + describe(item));
					continue;
				}
				T converted = attempt(() -> convert.apply(text), field + "[" + i + "]");
				if (converted != null) {
					result.add(converted);
				}
			}
			return (result.size() == items.size()) ? result : null;
		}

		/**
		 * A whole number 0..100; {@code fallback} when absent, required when that is
		 * null.
		 */
		@Nullable Integer percent(@Nullable Object value, String field, @Nullable Integer fallback) {
			if (value == null && fallback != null) {
				return fallback;
			}
			if (!(value instanceof Integer number)) {
				add(field, "must be a whole number 0..100, was " + describe(value));
				return null;
			}
			if (number < 0 || number > 100) {
				add(field, "must be 0..100, was " + number);
				return null;
			}
			return number;
		}

		/** {@code true} or {@code false}; {@code fallback} when absent. */
		@Nullable Boolean bool(@Nullable Object value, String field, boolean fallback) {
			if (value == null) {
				return fallback;
			}
			if (value instanceof Boolean flag) {
				return flag;
			}
			add(field, "must be true or false, was " + describe(value));
			return null;
		}

		/**
		 * A JSON pointer to one place ({@code ""} is the whole body, the default when
		 * absent).
		 */
		@Nullable String pointer(Map<?, ?> map, String key, String at) {
			Object value = map.get(key);
			if (value == null) {
				if (map.containsKey(key)) {
					add(at + "." + key, "must be a JSON pointer (\"\" for the whole body), was nothing");
					return null;
				}
				return "";
			}
			if (!(value instanceof String text)) {
				add(at + "." + key, "must be a JSON pointer (\"\" for the whole body), was " + describe(value));
				return null;
			}
			return attempt(() -> PointerPattern.pointer(text), at + "." + key);
		}

		/**
		 * A list of pointer patterns, empty when absent. An {@code ignore} pattern that
		 * matches the whole answer would leave nothing to compare, so it is refused.
		 */
		@Nullable List<PointerPattern> patterns(Map<?, ?> map, String key, String at, boolean ignore) {
			if (!map.containsKey(key)) {
				return List.of();
			}
			String field = at + "." + key;
			if (!(map.get(key) instanceof List<?> items)) {
				add(field, "must be a list of JSON pointer patterns, was " + describe(map.get(key)));
				return null;
			}
			List<PointerPattern> result = new ArrayList<>();
			for (int i = 0; i < items.size(); i++) {
				String place = field + "[" + i + "]";
				if (!(items.get(i) instanceof String text)) {
					add(place, "must be a JSON pointer pattern, was " + describe(items.get(i)));
					continue;
				}
				PointerPattern pattern = attempt(() -> PointerPattern.compile(text), place);
				if (pattern != null && ignore && pattern.matchesWholeDocument()) {
					add(place, "'" + text + "' matches the whole answer, so nothing would be compared");
				}
				else if (pattern != null) {
					result.add(pattern);
				}
			}
			return (result.size() == items.size()) ? result : null;
		}

		<T> @Nullable T attempt(Supplier<T> parse, String field) {
			try {
				return parse.get();
			}
			catch (IllegalArgumentException ex) {
				add(field, (ex.getMessage() != null) ? ex.getMessage() : "is not valid");
				return null;
			}
		}

	}

}
