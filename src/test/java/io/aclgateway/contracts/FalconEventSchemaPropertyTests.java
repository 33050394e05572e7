package io.aclgateway.contracts;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import com.networknt.schema.Error;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import io.aclgateway.relay.contract.FalconEventReader;
import io.aclgateway.relay.contract.InvalidEventException;
import io.aclgateway.relay.contract.Rfc3339;
import io.aclgateway.relay.contract.Text;
import io.aclgateway.relay.translation.LegacyMessage;
import io.aclgateway.relay.translation.LegacySchema;
import io.aclgateway.relay.translation.LegacyTranslator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

/**
 * The gateway's event reader and the Falcon JSON Schemas ({@code event.schema.json},
 * formats asserted) accept exactly the same events: every example event, slightly broken
 * in up to three places (an attribute or field removed, replaced by a value of another
 * type, an edge value, or added), is accepted by both or refused by both, save for the
 * rules a JSON Schema cannot express ({@link #BEYOND_THE_SCHEMA}); and every event the
 * reader accepts translates into legacy messages the legacy schemas accept.
 */
class FalconEventSchemaPropertyTests {

	static final JsonMapper json = JsonMapper.builder().build();

	static final JsonNodeFactory nodes = JsonNodeFactory.instance;

	static final FalconEventReader reader = new FalconEventReader();

	static final LegacyTranslator translator = new LegacyTranslator();

	static final LegacySchema legacySchema = LegacySchema.load();

	/**
	 * A rule the reader applies and no JSON Schema can express, with the events it
	 * decides.
	 */
	record Beyond(String rule, Predicate<ObjectNode> decides) {

		@Override
		public String toString() {
			return rule;
		}

	}

	/**
	 * The rules a JSON Schema cannot express, excluded from the comparison (the events
	 * they decide are discarded). The same list is in contracts/README.md; the gateway
	 * checks them all (its own tests and ContractExamplesIntegrationTests' invalid
	 * examples).
	 */
	static final List<Beyond> BEYOND_THE_SCHEMA = List.of(
			new Beyond("body at most 65,535 bytes of UTF-8: maxLength counts code points",
					event -> overBytesWithinCharacters(event.path("data").path("body"))),
			new Beyond("text and id are valid Unicode: an unpaired surrogate is a code point to JSON Schema",
					event -> anyString(event, string -> !Text.isValidUnicode(string))),
			new Beyond(
					"time and dueAt not before the epoch as an instant: the schema decides by the written year,"
							+ " and within a day of 1970-01-01T00:00:00Z the offset moves the instant across it",
					event -> nearTheEpoch(event.path("time")) || nearTheEpoch(event.path("data").path("dueAt"))),
			new Beyond(
					"no duplicate member names in a JSON object: a parsed JSON value has none (so not generated here;"
							+ " the gateway's parser refuses them)",
					event -> false),
			new Beyond(
					"the legacy message's size (acl.events.max-message-bytes): not the reader's rule, the translator's"
							+ " (message_too_large), and depends on configuration",
					event -> false),
			new Beyond("distinct event ids within a batch (duplicate_id): not a rule of one event", event -> false));

	@Test
	void theReaderAndTheSchemaAcceptTheSameEvents() {
		List<ObjectNode> bases = exampleEvents();
		AtomicInteger accepted = new AtomicInteger();
		AtomicInteger refused = new AtomicInteger();
		qt().withExamples(10_000)
			.withShrinkCycles(200)
			.forAll(integers().between(0, bases.size() - 1)
				.zip(lists().of(mutations()).ofSizeBetween(0, 3),
						(base, mutations) -> new Case(bases.get(base).path("id").asString(), mutations,
								broken(bases.get(base), mutations))))
			.assuming(c -> BEYOND_THE_SCHEMA.stream().noneMatch(rule -> rule.decides().test(c.event())))
			.checkAssert(c -> {
				String refusal = readerRefusal(c.event());
				List<Error> errors = ContractSchemas.validate(ContractSchemas.anyFalconEvent(), c.event());
				String type = c.event().path("type").asString("");
				// The typed schema's errors say why; event.schema.json's oneOf lists
				// every other type's too.
				List<Error> why = ContractSchemas.exists("falcon/" + type + ".schema.json")
						? ContractSchemas.validate(ContractSchemas.falcon(type), c.event()) : errors;
				assertThat(errors.isEmpty())
					.as("schema accepts (%s) = reader accepts (%s) for %s",
							why.stream().map(Error::toString).limit(4).collect(Collectors.joining("; ")), refusal, c)
					.isEqualTo(refusal == null);
				(errors.isEmpty() ? accepted : refused).incrementAndGet();
			});
		// Not a vacuous property: the broken events are often still valid, and often not.
		assertThat(accepted.get()).as("accepted by both").isGreaterThan(1_000);
		assertThat(refused.get()).as("refused by both").isGreaterThan(1_000);
	}

	/**
	 * What the run-time legacy-schema check holds the translator to: every event the
	 * reader accepts, however broken at random around the examples, translates into
	 * legacy messages the legacy JSON Schema accepts (with the jar's schemas, formats
	 * asserted).
	 */
	@Test
	void everyEventTheReaderAcceptsTranslatesIntoMessagesTheLegacySchemaAccepts() {
		List<ObjectNode> bases = exampleEvents();
		AtomicInteger translated = new AtomicInteger();
		qt().withExamples(10_000)
			.withShrinkCycles(200)
			.forAll(integers().between(0, bases.size() - 1)
				.zip(lists().of(mutations()).ofSizeBetween(0, 3),
						(base, mutations) -> new Case(bases.get(base).path("id").asString(), mutations,
								broken(bases.get(base), mutations))))
			.checkAssert(c -> {
				// Not an assumption: most broken events are refused, and QuickTheories
				// gives
				// up when most cases fail an assumption.
				if (readerRefusal(c.event()) != null) {
					return;
				}
				for (LegacyMessage message : translator.translate(reader.read(c.event()))) {
					assertThat(legacySchema.violations(message)).as("%s: %s", message.cmd(), c).isEmpty();
				}
				translated.incrementAndGet();
			});
		assertThat(translated.get()).as("events the reader accepted").isGreaterThan(1_000);
	}

	/** An example event, what was done to it, and the result. */
	record Case(String example, List<Mutation> mutations, ObjectNode event) {

		@Override
		public String toString() {
			return "example " + example + "\n  mutations " + mutations + "\n  event " + abbreviated(event);
		}

	}

	/**
	 * Exhaustively, not at random: every edge value of a field, put in that field of
	 * every example event, is judged alike by both (save the exclusions).
	 */
	@Test
	void everyEdgeValueOfEveryFieldIsJudgedAlikeByBoth() {
		List<String> disagreements = new ArrayList<>();
		for (ObjectNode base : exampleEvents()) {
			List<Place> places = new ArrayList<>();
			places(base, null, places);
			for (int target = 0; target < places.size(); target++) {
				String field = places.get(target).key();
				for (int choice = 0; choice < RELEVANT.getOrDefault(field, List.of()).size(); choice++) {
					Mutation mutation = new Mutation(Kind.REPLACE, target, null, 2 + 4 * choice, null, null, null);
					Case c = new Case(base.path("id").asString(), List.of(mutation), broken(base, List.of(mutation)));
					if (BEYOND_THE_SCHEMA.stream().anyMatch(rule -> rule.decides().test(c.event()))) {
						continue;
					}
					boolean schema = ContractSchemas.validate(ContractSchemas.anyFalconEvent(), c.event()).isEmpty();
					String refusal = readerRefusal(c.event());
					if (schema != (refusal == null)) {
						disagreements.add(field + "=" + abbreviated(RELEVANT.get(field).get(choice)) + " schema "
								+ schema + " reader " + refusal);
					}
				}
			}
		}
		assertThat(disagreements.stream().distinct()).isEmpty();
	}

	@Test
	void everyExampleEventIsAcceptedByBoth() {
		for (ObjectNode event : exampleEvents()) {
			assertThat(readerRefusal(event)).as("%s", event.get("id")).isNull();
			assertThat(ContractSchemas.validate(ContractSchemas.anyFalconEvent(), event)).isEmpty();
		}
	}

	/** Null when the reader accepts the event, else its code and detail. */
	private static String readerRefusal(ObjectNode event) {
		try {
			reader.read(event);
			return null;
		}
		catch (InvalidEventException ex) {
			return ex.problem().code() + ": " + ex.problem().detail();
		}
	}

	// --- the events

	private static List<ObjectNode> exampleEvents() {
		try (Stream<Path> files = Files.list(ContractSchemas.CONTRACTS.resolve("examples"))) {
			return files.filter(p -> p.toString().endsWith(".json"))
				.sorted()
				.map(p -> (ObjectNode) json.readTree(p.toFile()).get("event"))
				.toList();
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

	/**
	 * One change: remove, replace or add a member at {@code target} (an index into every
	 * place, or every object, of the event). The new value is most often one that matters
	 * for the field it lands in (its edges), else any JSON value.
	 */
	record Mutation(Kind kind, int target, String addedKey, int choice, JsonNode any, String dateTime,
			String longString) {

		JsonNode valueFor(String field) {
			List<JsonNode> relevant = RELEVANT.getOrDefault(field, List.of());
			return switch (choice % 4) {
				case 0 -> any;
				case 1 -> DATE_TIMES.contains(field) ? nodes.stringNode(dateTime)
						: TEXTS.contains(field) ? nodes.stringNode(longString) : any;
				default -> relevant.isEmpty() ? (DATE_TIMES.contains(field) ? nodes.stringNode(dateTime) : any)
						: relevant.get((choice / 4) % relevant.size());
			};
		}

		@Override
		public String toString() {
			return kind + " #" + target + ((kind == Kind.ADD) ? " " + addedKey : "") + " choice " + choice
					+ ((choice % 4 == 0) ? " " + abbreviated(any) : (choice % 4 == 1)
							? " '" + dateTime + "' / " + abbreviated(nodes.stringNode(longString)) : "");
		}

	}

	enum Kind {

		REMOVE, REPLACE, ADD

	}

	private static Gen<Mutation> mutations() {
		Gen<Mutation> partial = Generate.enumValues(Kind.class)
			.zip(integers().between(0, 10_000), Generate.pick(KEYS), integers().between(0, 10_000),
					(kind, target, key, choice) -> new Mutation(kind, target, key, choice, null, null, null));
		return partial.zip(anyValues(), dateTimes(), longStrings(), (m, any, dateTime,
				longString) -> new Mutation(m.kind(), m.target(), m.addedKey(), m.choice(), any, dateTime, longString));
	}

	private static ObjectNode broken(ObjectNode base, List<Mutation> mutations) {
		ObjectNode event = base.deepCopy();
		for (Mutation mutation : mutations) {
			if (mutation.kind() == Kind.ADD) {
				List<ObjectNode> objects = new ArrayList<>();
				objects(event, objects);
				objects.get(mutation.target() % objects.size())
					.set(mutation.addedKey(), mutation.valueFor(mutation.addedKey()).deepCopy());
				continue;
			}
			List<Place> places = new ArrayList<>();
			places(event, null, places);
			Place place = places.get(mutation.target() % places.size());
			if (place.parent() instanceof ObjectNode object) {
				if (mutation.kind() == Kind.REMOVE) {
					object.remove(place.key());
				}
				else {
					object.set(place.key(), mutation.valueFor(place.key()).deepCopy());
				}
			}
			else {
				ArrayNode array = (ArrayNode) place.parent();
				if (mutation.kind() == Kind.REMOVE) {
					array.remove(place.index());
				}
				else {
					array.set(place.index(), mutation.valueFor(place.key()).deepCopy());
				}
			}
		}
		return event;
	}

	/**
	 * A member of an object, or an item of an array (then {@code key} is the array's name
	 * and {@code []}).
	 */
	record Place(JsonNode parent, String key, int index) {
	}

	private static void places(JsonNode node, String name, List<Place> places) {
		if (node.isObject()) {
			for (String key : node.propertyNames()) {
				places.add(new Place(node, key, -1));
				places(node.get(key), key, places);
			}
		}
		else if (node.isArray()) {
			for (int i = 0; i < node.size(); i++) {
				places.add(new Place(node, name + "[]", i));
				places(node.get(i), name + "[]", places);
			}
		}
	}

	private static void objects(JsonNode node, List<ObjectNode> objects) {
		if (node instanceof ObjectNode object) {
			objects.add(object);
		}
		node.forEach(child -> objects(child, objects));
	}

	// --- values: each field's edges, other JSON types, and other fields' values

	static final List<String> KEYS = List.of("specversion", "id", "source", "type", "time", "datacontenttype",
			"traceparent", "data", "data_base64", "subject", "dataschema", "x-extension", "roomId", "actorId",
			"accountId", "role", "kind", "name", "description", "creatorId", "members", "changes", "messageId",
			"authorId", "editorId", "body", "taskId", "assigneeIds", "dueAt", "lastReadMessageId", "unknown");

	static final List<String> DATE_TIMES = List.of("time", "dueAt");

	static final List<String> TEXTS = List.of("id", "name", "description", "body", "source", "type");

	static final List<String> IDS = List.of("roomId", "actorId", "accountId", "creatorId", "messageId", "authorId",
			"editorId", "taskId", "lastReadMessageId", "assigneeIds[]");

	static final List<String> JSON_TYPES = List.of("null", "true", "0", "1", "-5", "1.5", "1e3", "9223372036854775808",
			"{}", "[]", "\"\"", "\"x\"");

	static final List<String> ID_VALUES = List.of("\"1\"", "\"0\"", "\"0123\"", "\"-5\"", "\" 1\"", "\"1 \"", "\"1e3\"",
			"\"+1\"", "\"1\\n\"", "\"9223372036854775807\"", "\"9223372036854775808\"", "\"9999999999999999999\"",
			"\"12345678901234567890\"", "\"١٢٣\"", "\"42\"", "1", "null", "\"\"");

	static final Map<String, List<JsonNode>> RELEVANT = relevant();

	private static Map<String, List<JsonNode>> relevant() {
		Map<String, List<String>> literals = new HashMap<>();
		literals.put("specversion", List.of("\"1.0\"", "\"0.3\"", "\"1.0 \"", "\"1\"", "1.0", "null"));
		literals.put("datacontenttype",
				List.of("\"application/json\"", "\"Application/JSON\"", "\"APPLICATION/JSON\"",
						"\"application/json; charset=utf-8\"", "\"text/plain\"", "\"application/cloudevents+json\"",
						"\"application/json\\n\"", "\"application/jsonx\"", "null", "\"\""));
		literals.put("traceparent",
				List.of("\"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01\"",
						"\"ff-00000000000000000000000000000000-0000000000000000-00\"",
						"\"00-4BF92F3577B34DA6A3CE929D0E0E4736-00F067AA0BA902B7-01\"",
						"\"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-1\"",
						"\"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01\\n\"",
						"\"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-00\"", "null", "\"\""));
		literals.put("data_base64", List.of("null", "\"aGVsbG8=\"", "\"\"", "1"));
		literals.put("source", List.of("\"/falcon/write-api\"", "\"https://falcon.example/write-api?x=1#y\"",
				"\"urn:falcon:write\"", "\"a\"", "\"/falcon/write api\"", "\"/falcon/%zz\"", "\"/falcon/%41\"",
				"\"http://[::1\"", "\"http://[::1]:8080/x\"", "\"\\\\falcon\"", "\"/falcon|write\"", "\"//host:port\"",
				"\"//host:80\"", "\"a:b:c\"", "\"#frag\"", "\"?q\"", "\":x\"", "\"1a:b\"", "\"/a b\"", "\"/a\\tb\"",
				"\"/<x>\"", "\"/{x}\"", "\"/a^b\"", "\"/a`b\"", "\"/a\\\"b\"", "\"mailto:a@b\"", "\"//[v1.x]/\"",
				"\"http://a@b@c/\"", "\"http://a:b/\"", "\"%\"", "\"/%4\"", "\"\"", "null", "1"));
		literals.put("type",
				List.of("\"falcon.room.created.v1\"", "\"falcon.room.updated.v1\"", "\"falcon.room.deleted.v1\"",
						"\"falcon.member.added.v1\"", "\"falcon.member.removed.v1\"", "\"falcon.message.posted.v1\"",
						"\"falcon.message.edited.v1\"", "\"falcon.message.deleted.v1\"", "\"falcon.task.created.v1\"",
						"\"falcon.task.completed.v1\"", "\"falcon.read.advanced.v1\"", "\"falcon.room.archived.v1\"",
						"\"FALCON.ROOM.CREATED.V1\"", "\"falcon.room.created.v1 \"", "\"\"", "null", "1"));
		literals.put("id", List.of("\"a\"", "\"a b\"", "\"é\"", "\"\\u0001\"", "\"a\\u0009b\"", "\"a\\u000bb\"",
				"\"\\ufffe\"", "\"\\uffff\"", "\"\\ufffd\"", "\"\\ud83c\\udf05\"", "\"\"", "null", "1"));
		literals.put("role",
				List.of("\"admin\"", "\"member\"", "\"readonly\"", "\"owner\"", "\"Admin\"", "\"\"", "null", "1"));
		literals.put("kind", List.of("\"group\"", "\"direct\"", "\"self\"", "\"channel\"", "\"GROUP\"", "null"));
		literals.put("members[]",
				List.of("{\"accountId\":\"1\",\"role\":\"admin\"}", "{\"accountId\":\"1\"}", "{\"role\":\"member\"}",
						"{\"accountId\":\"01\",\"role\":\"admin\"}",
						"{\"accountId\":\"2\",\"role\":\"readonly\",\"extra\":1}",
						"{\"accountId\":null,\"role\":\"admin\"}", "\"1\"", "null", "[]"));
		literals.put("changes",
				List.of("{\"name\":\"n\"}", "{\"description\":\"\"}", "{\"description\":null}", "{\"name\":\"\"}",
						"{\"name\":null}", "{\"x\":1}", "{\"name\":\"n\",\"description\":null}", "{\"description\":1}",
						"{\"description\":null,\"x\":1}", "{}", "null", "[]"));
		literals.put("name", List.of("\"\"", "\"n\"", "null", "1"));
		literals.put("description", List.of("\"\"", "\"d\"", "null", "1"));
		literals.put("body", List.of("\"\"", "\"b\"", "\"\\u0001\"", "null", "1"));
		literals.put("dueAt", List.of("null", "\"\"", "1742173200"));
		IDS.forEach(field -> literals.put(field, ID_VALUES));
		Map<String, List<JsonNode>> relevant = new HashMap<>();
		literals.forEach((field, values) -> relevant.put(field, values.stream().map(json::readTree).toList()));
		relevant.put("assigneeIds",
				Stream.of(0, 1, 2, 99, 100, 101)
					.flatMap(size -> Stream.of(idArray(size, false), idArray(size, true)))
					.toList());
		relevant.put("members",
				Stream.of(0, 1, 2, 999, 1_000, 1_001).map(FalconEventSchemaPropertyTests::memberArray).toList());
		return relevant;
	}

	private static JsonNode idArray(int size, boolean repeat) {
		ArrayNode array = nodes.arrayNode();
		IntStream.rangeClosed(1, size).forEach(i -> array.add(String.valueOf((repeat && i == size) ? 1 : i)));
		return array;
	}

	private static JsonNode memberArray(int size) {
		ArrayNode array = nodes.arrayNode();
		IntStream.rangeClosed(1, size)
			.forEach(i -> array.addObject().put("accountId", String.valueOf(i)).put("role", "member"));
		return array;
	}

	/**
	 * Any JSON value: each JSON type, and the edge values of every field (in the wrong
	 * field, mostly).
	 */
	private static Gen<JsonNode> anyValues() {
		List<JsonNode> values = new ArrayList<>(JSON_TYPES.stream().map(json::readTree).toList());
		RELEVANT.values().forEach(values::addAll);
		return Generate.pick(values);
	}

	private static final List<List<String>> DATE_TIME_PARTS = List.of(
			List.of("2025", "2024", "1970", "1969", "1971", "0001", "9999", "20251", "202"), List.of("-"),
			List.of("03", "02", "12", "01", "00", "13", "3"), List.of("-"),
			List.of("17", "29", "30", "31", "28", "01", "00", "32", "1"), List.of("T", "t", " ", "_"),
			List.of("12", "00", "23", "24", "09", "7"), List.of(":"), List.of("34", "00", "59", "60", "5"),
			List.of(":", ""), List.of("56", "00", "59", "60", "61", "5"),
			List.of("", ".5", ".123456789", ".123456789123", ".", ",5"), List.of("Z", "+09:00", "-08:00", "z", "+00:00",
					"-00:00", "+23:59", "+24:00", "+18:01", "-23:59", "+01:60", "+0900", "+09", "", " Z", "Z\n"));

	/**
	 * RFC 3339 date-times and near misses: each part mostly its first, valid, choice, now
	 * and then another.
	 */
	private static Gen<String> dateTimes() {
		return lists().of(integers().between(0, 999)).ofSize(DATE_TIME_PARTS.size()).map(choices -> {
			StringBuilder text = new StringBuilder();
			for (int i = 0; i < DATE_TIME_PARTS.size(); i++) {
				List<String> part = DATE_TIME_PARTS.get(i);
				int choice = choices.get(i);
				text.append(part.get((choice % 5 != 0) ? 0 : (choice / 5) % part.size()));
			}
			return text.toString();
		});
	}

	private static final List<Integer> LENGTHS = List.of(0, 1, 2, 127, 128, 129, 254, 255, 256, 3_999, 4_000, 4_001,
			65_534, 65_535, 65_536);

	private static final List<String> FILLS = List.of("a", "a", "é", "日", "🌅", "\t", "\u0001", " ", "\uFFFE");

	/**
	 * Strings at the length limits of id, name, description and body, of one- to
	 * four-byte characters.
	 */
	private static Gen<String> longStrings() {
		return Generate.pick(LENGTHS).zip(Generate.pick(FILLS), Generate.pick(FILLS), (length, fill, last) -> {
			if (length == 0) {
				return "";
			}
			return fill.repeat(length - 1) + last;
		});
	}

	// --- the exclusions' tests

	private static boolean overBytesWithinCharacters(JsonNode body) {
		String text = body.isString() ? body.asString() : "";
		return text.codePointCount(0, text.length()) <= 65_535 && text.getBytes(StandardCharsets.UTF_8).length > 65_535;
	}

	private static boolean nearTheEpoch(JsonNode time) {
		return time.isString() && (time.asString().startsWith("1969-12-31") || time.asString().startsWith("1970-01-01"))
				&& Rfc3339.epochSeconds(time.asString()).isPresent();
	}

	private static boolean anyString(JsonNode node, Predicate<String> test) {
		if (node.isString()) {
			return test.test(node.asString());
		}
		if (node.isObject()) {
			for (String key : node.propertyNames()) {
				if (test.test(key) || anyString(node.get(key), test)) {
					return true;
				}
			}
			return false;
		}
		for (JsonNode child : node) {
			if (anyString(child, test)) {
				return true;
			}
		}
		return false;
	}

	/** The event as JSON with long strings and arrays cut short, for failure messages. */
	private static String abbreviated(JsonNode node) {
		return abbreviate(node).toString();
	}

	private static JsonNode abbreviate(JsonNode node) {
		if (node.isString() && node.asString().length() > 60) {
			String s = node.asString();
			return nodes.stringNode(s.substring(0, 20) + "...(" + s.codePointCount(0, s.length()) + " code points)..."
					+ s.substring(s.length() - 5));
		}
		if (node.isObject()) {
			ObjectNode copy = nodes.objectNode();
			node.properties().forEach(entry -> copy.set(entry.getKey(), abbreviate(entry.getValue())));
			return copy;
		}
		if (node.isArray()) {
			ArrayNode copy = nodes.arrayNode();
			for (int i = 0; i < node.size(); i++) {
				if (i == 5 && node.size() > 6) {
					copy.add("...(" + node.size() + " items)");
					break;
				}
				copy.add(abbreviate(node.get(i)));
			}
			return copy;
		}
		return node;
	}

}
