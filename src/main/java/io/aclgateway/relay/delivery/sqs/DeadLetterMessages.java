package io.aclgateway.relay.delivery.sqs;

import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import io.aclgateway.relay.core.DeadLetter;
import io.aclgateway.support.Sha256;

/**
 * How a dead letter becomes an SQS message (docs/design/relay-state.md 6.5,
 * contracts/schemas/relay/dead-letter.schema.json): its JSON body, with the original
 * record when it fits the queue's limit and where to find it when it does not; its string
 * attributes; its FIFO ids.
 */
final class DeadLetterMessages {

	/** The dead letter's format, {@code v} of its body. */
	static final int VERSION = 1;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Pattern DEDUPLICATION_ID = Pattern
		.compile("[A-Za-z0-9!\"#$%&'()*+,\\-./:;<=>?@\\[\\\\\\]^_`{|}~]{1,128}");

	private DeadLetterMessages() {
	}

	/**
	 * The body, with the original record unless body and attributes would then exceed
	 * {@code maxMessageBytes}.
	 */
	static String body(DeadLetter letter, int maxMessageBytes) {
		ObjectNode body = JSON.createObjectNode();
		body.put("v", VERSION);
		body.put("reason", letter.reason());
		body.put("detail", letter.detail());
		if (letter.eid() != null) {
			body.put("eid", letter.eid());
		}
		else {
			body.putNull("eid");
		}
		if (letter.rid() != null) {
			body.put("rid", letter.rid().longValue());
		}
		else {
			body.putNull("rid");
		}
		ObjectNode source = body.putObject("source");
		DeadLetter.Source where = letter.source();
		source.put("intake", where.intake());
		source.put("topic", where.topic());
		source.put("partition", where.partition());
		source.put("offset", where.offset());
		if (where.timestamp() != null) {
			source.put("timestamp", DateTimeFormatter.ISO_INSTANT.format(where.timestamp()));
		}
		else {
			source.putNull("timestamp");
		}
		if (where.key() != null) {
			source.put("key", where.key());
		}
		else {
			source.putNull("key");
		}
		if (where.parkedKey() != null) {
			source.put("parkedKey", where.parkedKey());
		}
		body.set("original", original(letter.original()));
		String whole = JSON.writeValueAsString(body);
		if (sizeInBytes(whole, attributes(letter)) <= maxMessageBytes) {
			return whole;
		}
		body.putNull("original");
		body.put("originalOmitted", "too_large");
		return JSON.writeValueAsString(body);
	}

	private static ObjectNode original(DeadLetter.Original original) {
		ObjectNode node = JSON.createObjectNode();
		ObjectNode headers = node.putObject("headers");
		new TreeMap<>(original.headers()).forEach(headers::put);
		byte[] value = original.value();
		JsonNode parsed = (value != null) ? json(value) : null;
		if (value == null) {
			node.putNull("value");
		}
		else if (parsed != null) {
			node.set("value", parsed);
		}
		else {
			node.put("valueBase64", Base64.getEncoder().encodeToString(value));
		}
		return node;
	}

	/** The value as JSON when it is one JSON document in UTF-8, else none. */
	private static @Nullable JsonNode json(byte[] value) {
		try {
			JsonNode node = JSON.readTree(value);
			return (node == null || node.isMissingNode()) ? null : node;
		}
		catch (JacksonException ex) {
			return null;
		}
	}

	/**
	 * The string attributes of events.md 5.2.4; one whose value is unusable is left out
	 * (SQS refuses empty values).
	 */
	static Map<String, String> attributes(DeadLetter letter) {
		Map<String, String> attributes = new LinkedHashMap<>();
		put(attributes, "reason", letter.reason());
		put(attributes, "detail", letter.detail());
		put(attributes, "eid", letter.eid());
		put(attributes, "rid", (letter.rid() != null) ? letter.rid().toString() : null);
		put(attributes, "intake", letter.source().intake());
		return attributes;
	}

	private static void put(Map<String, String> attributes, String name, @Nullable String value) {
		if (value != null && !value.isBlank()) {
			attributes.put(name, value);
		}
	}

	/**
	 * The {@code eid} when SQS takes it as a deduplication id, else the hex SHA-256 of
	 * the eid or, without one, of {@code topic/partition/offset}.
	 */
	static String deduplicationId(DeadLetter letter) {
		String eid = letter.eid();
		if (eid != null && DEDUPLICATION_ID.matcher(eid).matches()) {
			return eid;
		}
		DeadLetter.Source where = letter.source();
		String basis = (eid != null) ? eid : where.topic() + "/" + where.partition() + "/" + where.offset();
		return Sha256.hex(basis.getBytes(StandardCharsets.UTF_8), 32);
	}

	/** The size SQS counts: the body and each attribute's name, type and value. */
	static int sizeInBytes(String body, Map<String, String> attributes) {
		int size = body.getBytes(StandardCharsets.UTF_8).length;
		for (Map.Entry<String, String> attribute : attributes.entrySet()) {
			size += attribute.getKey().getBytes(StandardCharsets.UTF_8).length + SqsMessages.ATTRIBUTE_TYPE.length()
					+ attribute.getValue().getBytes(StandardCharsets.UTF_8).length;
		}
		return size;
	}

}
