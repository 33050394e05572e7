package io.aclgateway.relay.delivery.sqs;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

import io.aclgateway.relay.translation.LegacyMessage;
import io.aclgateway.support.Sha256;

/**
 * How a legacy message becomes an SQS message (events.md 3.1 to 3.3): its FIFO group and
 * deduplication ids, its string attributes, and the size SQS counts against its limit.
 */
final class SqsMessages {

	/**
	 * The SQS data type of every attribute we send; it counts towards the message size.
	 */
	static final String ATTRIBUTE_TYPE = "String";

	private static final Pattern DEDUPLICATION_ID = Pattern
		.compile("[A-Za-z0-9!\"#$%&'()*+,\\-./:;<=>?@\\[\\\\\\]^_`{|}~]{1,128}");

	private SqsMessages() {
	}

	/** Messages of one room stay in order: the room id as decimal text. */
	static String groupId(LegacyMessage message) {
		return Long.toString(message.roomId());
	}

	/**
	 * The {@code eid} when SQS accepts it as a deduplication id, else its lowercase hex
	 * SHA-256.
	 */
	static String deduplicationId(LegacyMessage message) {
		return DEDUPLICATION_ID.matcher(message.eid()).matches() ? message.eid()
				: Sha256.hex(message.eid().getBytes(StandardCharsets.UTF_8), 32);
	}

	/**
	 * The size SQS counts against its limit: body, and each attribute's name, type and
	 * value, in UTF-8.
	 */
	static int sizeInBytes(LegacyMessage message) {
		int size = message.body().getBytes(StandardCharsets.UTF_8).length;
		for (Map.Entry<String, String> attribute : message.attributes().entrySet()) {
			size += attribute.getKey().getBytes(StandardCharsets.UTF_8).length + ATTRIBUTE_TYPE.length()
					+ attribute.getValue().getBytes(StandardCharsets.UTF_8).length;
		}
		return size;
	}

	/** The message's attributes as SQS string attributes. */
	static Map<String, MessageAttributeValue> attributes(LegacyMessage message) {
		Map<String, MessageAttributeValue> attributes = new LinkedHashMap<>();
		message.attributes()
			.forEach((name, value) -> attributes.put(name,
					MessageAttributeValue.builder().dataType(ATTRIBUTE_TYPE).stringValue(value).build()));
		return attributes;
	}

}
