package io.aclgateway.relay.translation;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One message for the legacy consumers (events.md section 3): the JSON body, its string
 * attributes, and the FIFO group and deduplication ids it carries on a FIFO queue.
 */
public record LegacyMessage(String cmd, String eid, long roomId, String body, Map<String, String> attributes) {

	private static final Pattern DEDUPLICATION_ID = Pattern.compile("[A-Za-z0-9!\"#$%&'()*+,\\-./:;<=>?@\\[\\\\\\]^_`{|}~]{1,128}");

	/** The SQS data type of every attribute we send; it counts towards the message size. */
	public static final String ATTRIBUTE_TYPE = "String";

	public LegacyMessage {
		Objects.requireNonNull(cmd, "cmd");
		Objects.requireNonNull(eid, "eid");
		Objects.requireNonNull(body, "body");
		attributes = Map.copyOf(attributes);
	}

	/** Messages of one room stay in order: the room id as decimal text. */
	public String groupId() {
		return Long.toString(roomId);
	}

	/** The {@code eid} when SQS accepts it as a deduplication id, else its lowercase hex SHA-256. */
	public String deduplicationId() {
		return DEDUPLICATION_ID.matcher(eid).matches() ? eid : sha256Hex(eid);
	}

	/** The size SQS counts against its limit: body, and each attribute's name, type and value, in UTF-8. */
	public int sizeInBytes() {
		int size = body.getBytes(StandardCharsets.UTF_8).length;
		for (Map.Entry<String, String> attribute : attributes.entrySet()) {
			size += attribute.getKey().getBytes(StandardCharsets.UTF_8).length + ATTRIBUTE_TYPE.length()
					+ attribute.getValue().getBytes(StandardCharsets.UTF_8).length;
		}
		return size;
	}

	private static String sha256Hex(String text) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("every Java platform has SHA-256", ex);
		}
	}

}
