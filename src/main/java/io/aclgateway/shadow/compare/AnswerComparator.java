package io.aclgateway.shadow.compare;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonPointer;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.aclgateway.routing.rules.PointerPattern;
import io.aclgateway.routing.rules.ShadowComparison;

/**
 * Compares a legacy and a Falcon answer as a shadow rule's {@code compare} says: the
 * resource each pointer names, ignored patterns left out, unordered arrays as multisets,
 * numbers by value, status classes when asked. Pure, and bounded: it walks at most
 * {@link #MAX_NODES} nodes and keeps at most {@link #MAX_DIFFERENCES} differences, then
 * stops and says the comparison is not complete.
 */
public final class AnswerComparator {

	/**
	 * Nodes walked (pairs of nodes, plus elements of unordered arrays) before it stops.
	 */
	public static final int MAX_NODES = 20_000;

	/** Differences kept before it stops. */
	public static final int MAX_DIFFERENCES = 20;

	/** Segments a field pattern keeps; a deeper field ends in {@code /**}. */
	public static final int MAX_FIELD_SEGMENTS = 8;

	/** Floats read as BigDecimal so that 0.1 and 0.10 compare by value, exactly. */
	private static final JsonMapper JSON = JsonMapper.builder()
		.enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
		.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
		.build();

	private static final Pattern UUID = Pattern
		.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

	private static final Pattern ID_LIKE = Pattern.compile(".*(?:[0-9]{6}|[0-9a-fA-F]{16}).*");

	private static final Pattern NAME_LIKE = Pattern.compile("[A-Za-z0-9_.-]{1,40}");

	private final int maxNodes;

	private final int maxDifferences;

	/** A comparator with the default budget. */
	public AnswerComparator() {
		this(MAX_NODES, MAX_DIFFERENCES);
	}

	/** A comparator with its own budget (at least one node and one difference). */
	public AnswerComparator(int maxNodes, int maxDifferences) {
		if (maxNodes < 1 || maxDifferences < 1) {
			throw new IllegalArgumentException(
					"the budget needs at least 1 node and 1 difference, got " + maxNodes + " and " + maxDifferences);
		}
		this.maxNodes = maxNodes;
		this.maxDifferences = maxDifferences;
	}

	/**
	 * Compares: the status classes when the rule says so (field {@code "status"}), then
	 * the bodies. Two JSON bodies are compared at the rule's pointers, a resource missing
	 * on one side being a difference at field {@code ""}; a body that is not JSON makes
	 * both compared byte for byte as field {@code ""}; two empty bodies are equal.
	 */
	public Comparison compare(ShadowComparison spec, Answer legacy, Answer falcon) {
		Walk walk = new Walk(spec, this.maxNodes, this.maxDifferences);
		if (spec.status() && legacy.status() / 100 != falcon.status() / 100) {
			walk.report("status", "status", String.valueOf(legacy.status()), String.valueOf(falcon.status()));
		}
		walk.bodies(legacy.body(), falcon.body());
		return new Comparison(walk.differences, walk.complete);
	}

	/** The field pattern segment of an object key: ids and odd keys become {@code *}. */
	static String fieldSegment(String key) {
		if (!NAME_LIKE.matcher(key).matches() || key.chars().allMatch(Character::isDigit) || UUID.matcher(key).matches()
				|| ID_LIKE.matcher(key).matches()) {
			return "*";
		}
		return key;
	}

	private static @Nullable JsonNode parse(byte[] body) {
		if (isBlank(body)) {
			return null;
		}
		try {
			return JSON.readTree(body);
		}
		catch (JacksonException ex) {
			return null;
		}
	}

	private static boolean isBlank(byte[] body) {
		for (byte b : body) {
			if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
				return false;
			}
		}
		return true;
	}

	private static @Nullable JsonNode resource(JsonNode body, String pointer) {
		JsonNode node;
		try {
			node = body.at(JsonPointer.compile(pointer));
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
		return (node == null || node.isMissingNode()) ? null : node;
	}

	private static String escape(String key) {
		return key.replace("~", "~0").replace("/", "~1");
	}

	private static String text(byte[] body) {
		return body.length == 0 ? FieldDifference.ABSENT : FieldDifference.cut(new String(body, 0,
				Math.min(body.length, FieldDifference.MAX_VALUE_CHARS * 4), StandardCharsets.UTF_8));
	}

	private static String show(@Nullable JsonNode node) {
		if (node == null) {
			return FieldDifference.ABSENT;
		}
		StringBuilder out = new StringBuilder();
		write(node, out);
		return FieldDifference.cut(out.toString());
	}

	private static String show(List<JsonNode> nodes) {
		StringBuilder out = new StringBuilder("[");
		for (JsonNode node : nodes) {
			if (out.length() > FieldDifference.MAX_VALUE_CHARS) {
				break;
			}
			if (out.length() > 1) {
				out.append(',');
			}
			write(node, out);
		}
		return FieldDifference.cut(out.append(']').toString());
	}

	/**
	 * JSON text, but no more of it than a difference keeps (a giant value costs nothing).
	 */
	private static void write(JsonNode node, StringBuilder out) {
		if (out.length() > FieldDifference.MAX_VALUE_CHARS) {
			return;
		}
		if (node.isObject()) {
			out.append('{');
			boolean first = true;
			for (Map.Entry<String, JsonNode> property : node.properties()) {
				if (out.length() > FieldDifference.MAX_VALUE_CHARS) {
					return;
				}
				out.append(first ? "" : ",").append(JSON.getNodeFactory().stringNode(property.getKey())).append(':');
				write(property.getValue(), out);
				first = false;
			}
			out.append('}');
		}
		else if (node.isArray()) {
			out.append('[');
			for (int i = 0; i < node.size() && out.length() <= FieldDifference.MAX_VALUE_CHARS; i++) {
				out.append((i == 0) ? "" : ",");
				write(node.get(i), out);
			}
			out.append(']');
		}
		else if (node.isString() && node.stringValue().length() > FieldDifference.MAX_VALUE_CHARS) {
			out.append(
					JSON.getNodeFactory().stringNode(node.stringValue().substring(0, FieldDifference.MAX_VALUE_CHARS)));
		}
		else {
			out.append(node);
		}
	}

	/** One comparison's walk: its budget, its findings. */
	private static final class Walk {

		private final List<PointerPattern> ignore;

		private final List<PointerPattern> unordered;

		private final ShadowComparison spec;

		private final int maxNodes;

		private final int maxDifferences;

		final List<FieldDifference> differences = new ArrayList<>();

		boolean complete = true;

		private int nodes;

		Walk(ShadowComparison spec, int maxNodes, int maxDifferences) {
			this.spec = spec;
			this.ignore = spec.ignore();
			this.unordered = spec.unordered();
			this.maxNodes = maxNodes;
			this.maxDifferences = maxDifferences;
		}

		void bodies(byte[] legacy, byte[] falcon) {
			if (legacy.length == 0 && falcon.length == 0) {
				return;
			}
			JsonNode legacyTree = parse(legacy);
			JsonNode falconTree = parse(falcon);
			if (legacyTree == null || falconTree == null) {
				if (!Arrays.equals(legacy, falcon)) {
					report("", "", text(legacy), text(falcon));
				}
				return;
			}
			JsonNode legacyResource = resource(legacyTree, this.spec.legacy());
			JsonNode falconResource = resource(falconTree, this.spec.falcon());
			if (legacyResource == null && falconResource == null) {
				return;
			}
			walk(legacyResource, falconResource, "", "", 0);
		}

		void report(String field, String pointer, String legacy, String falcon) {
			if (this.differences.size() >= this.maxDifferences) {
				this.complete = false;
				return;
			}
			this.differences.add(new FieldDifference(field, pointer, legacy, falcon));
		}

		private boolean stopped() {
			return !this.complete;
		}

		/** Counts a node; false (and the walk stops) once the budget is spent. */
		private boolean visit() {
			if (++this.nodes > this.maxNodes) {
				this.complete = false;
			}
			return this.complete;
		}

		private static boolean anyMatches(List<PointerPattern> patterns, String pointer) {
			for (PointerPattern pattern : patterns) {
				if (pattern.matches(pointer)) {
					return true;
				}
			}
			return false;
		}

		private void walk(@Nullable JsonNode legacy, @Nullable JsonNode falcon, String pointer, String field,
				int segments) {
			if (stopped() || anyMatches(this.ignore, pointer) || !visit()) {
				return;
			}
			if (legacy == null || falcon == null) {
				report(field, pointer, show(legacy), show(falcon));
			}
			else if (legacy.isObject() && falcon.isObject()) {
				for (Map.Entry<String, JsonNode> property : legacy.properties()) {
					String key = property.getKey();
					walk(property.getValue(), falcon.get(key), pointer + "/" + escape(key),
							childField(field, segments, fieldSegment(key)), segments + 1);
				}
				for (Map.Entry<String, JsonNode> property : falcon.properties()) {
					String key = property.getKey();
					if (!legacy.has(key)) {
						walk(null, property.getValue(), pointer + "/" + escape(key),
								childField(field, segments, fieldSegment(key)), segments + 1);
					}
				}
			}
			else if (legacy.isArray() && falcon.isArray()) {
				if (anyMatches(this.unordered, pointer)) {
					compareAsMultisets(legacy, falcon, pointer, field);
					return;
				}
				String elementField = childField(field, segments, "*");
				for (int i = 0; i < Math.max(legacy.size(), falcon.size()); i++) {
					walk(legacy.get(i), falcon.get(i), pointer + "/" + i, elementField, segments + 1);
				}
			}
			else if (!sameValue(legacy, falcon)) {
				report(field, pointer, show(legacy), show(falcon));
			}
		}

		private static String childField(String field, int segments, String segment) {
			if (segments < MAX_FIELD_SEGMENTS) {
				return field + "/" + segment;
			}
			return (segments == MAX_FIELD_SEGMENTS) ? field + "/**" : field;
		}

		private static boolean sameValue(JsonNode legacy, JsonNode falcon) {
			if (legacy.isNumber() && falcon.isNumber()) {
				return legacy.decimalValue().compareTo(falcon.decimalValue()) == 0;
			}
			return legacy.equals(falcon);
		}

		/**
		 * Equal elements cancel out; what remains on either side is one difference at the
		 * array's field.
		 */
		private void compareAsMultisets(JsonNode legacy, JsonNode falcon, String pointer, String field) {
			Map<String, Deque<JsonNode>> legacyElements = new HashMap<>();
			List<String> order = new ArrayList<>();
			for (int i = 0; i < legacy.size(); i++) {
				String key = canonical(legacy.get(i), pointer + "/" + i);
				if (legacyElements.computeIfAbsent(key, (k) -> new ArrayDeque<>()).isEmpty()) {
					order.add(key);
				}
				legacyElements.get(key).add(legacy.get(i));
			}
			List<JsonNode> falconLeft = new ArrayList<>();
			for (int i = 0; i < falcon.size(); i++) {
				Deque<JsonNode> same = legacyElements.get(canonical(falcon.get(i), pointer + "/" + i));
				if (same == null || same.isEmpty()) {
					falconLeft.add(falcon.get(i));
				}
				else {
					same.poll();
				}
			}
			if (stopped()) {
				return;
			}
			List<JsonNode> legacyLeft = new ArrayList<>();
			for (String key : order) {
				legacyLeft.addAll(legacyElements.get(key));
			}
			if (!legacyLeft.isEmpty() || !falconLeft.isEmpty()) {
				report(field, pointer, show(legacyLeft), show(falconLeft));
			}
		}

		/**
		 * A text equal for equal values: keys sorted, numbers by value, ignored pointers
		 * left out, unordered arrays sorted.
		 */
		private String canonical(JsonNode node, String pointer) {
			StringBuilder out = new StringBuilder();
			canonical(node, pointer, out);
			return out.toString();
		}

		private void canonical(JsonNode node, String pointer, StringBuilder out) {
			if (!visit()) {
				return;
			}
			if (node.isObject()) {
				List<String> keys = new ArrayList<>(node.propertyNames());
				keys.sort(null);
				out.append('{');
				for (String key : keys) {
					String child = pointer + "/" + escape(key);
					if (!anyMatches(this.ignore, child)) {
						// length-prefixed: no key can pass for another key plus a value
						out.append(key.length()).append(':').append(key);
						canonical(node.get(key), child, out);
						out.append(',');
					}
				}
				out.append('}');
			}
			else if (node.isArray()) {
				List<String> elements = new ArrayList<>(node.size());
				for (int i = 0; i < node.size(); i++) {
					String child = pointer + "/" + i;
					if (!anyMatches(this.ignore, child)) {
						elements.add(canonical(node.get(i), child));
					}
				}
				if (anyMatches(this.unordered, pointer)) {
					elements.sort(null);
				}
				out.append('[');
				elements.forEach((element) -> out.append(element.length()).append(':').append(element));
				out.append(']');
			}
			else if (node.isNumber()) {
				BigDecimal value = node.decimalValue();
				out.append('#').append((value.signum() == 0) ? "0" : value.stripTrailingZeros().toString());
			}
			else {
				out.append(node);
			}
		}

	}

}
