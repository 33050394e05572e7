package io.aclgateway.relay.delivery.sqs;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

import io.aclgateway.relay.translation.LegacyMessage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.lists;

/**
 * Whatever event id and body Falcon sends, SQS gets a deduplication id it accepts and a
 * size as it counts it.
 */
class SqsMessagesPropertyTests {

	/** The characters SQS accepts in a deduplication id, as events.md 3.2 lists them. */
	private static final String ALLOWED = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
			+ "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";

	private static final Pattern DEDUPLICATION_ID = Pattern.compile("[" + Pattern.quote(ALLOWED) + "]{1,128}");

	/**
	 * Characters most likely to break a JSON body or an SQS message, and ordinary ones.
	 */
	private static final List<String> PIECES = List.of("a", "Z", "0", " ", "\"", "\\", "/", "\u0000", "\u0001", "\b",
			"\t", "\n", "\r", "\u001f", "\u007f", "\u0080", "\u00e9", "\u2028", "\u2029", "\ud7ff", "\ue000", "\ufffd",
			"\ufffe", "\uffff", "日本", "😀", "\udbff\udfff", "\u00a0", "<", "&", "'", "#");

	@Test
	void theDeduplicationIdIsAlwaysOneSqsAcceptsAndIsTheEidWheneverItCanBe() {
		qt().forAll(eids()).checkAssert(eid -> {
			LegacyMessage message = new LegacyMessage("room_delete", eid, 10, "{}",
					Map.of("cmd", "room_delete", "eid", eid));
			assertThat(SqsMessages.deduplicationId(message)).matches(DEDUPLICATION_ID);
			boolean usable = eid.length() <= 128 && eid.chars().allMatch(c -> ALLOWED.indexOf(c) >= 0);
			assertThat(SqsMessages.deduplicationId(message)).isEqualTo(usable ? eid : sha256Hex(eid));
		});
	}

	@Test
	void theSizeIsTheBodysUtf8BytesPlusEachAttributesNameTypeAndValue() {
		qt().forAll(texts(), texts()).checkAssert((body, eid) -> {
			LegacyMessage message = new LegacyMessage("chat_add", eid, 10, body, Map.of("cmd", "chat_add", "eid", eid));
			assertThat(SqsMessages.sizeInBytes(message)).isEqualTo(body.getBytes(StandardCharsets.UTF_8).length
					+ (3 + 6 + 8) + (3 + 6 + eid.getBytes(StandardCharsets.UTF_8).length));
		});
	}

	private static Gen<String> texts() {
		return lists().of(Generate.pick(PIECES)).ofSizeBetween(1, 30).map(l -> String.join("", l));
	}

	private static Gen<String> eids() {
		List<String> allowed = ALLOWED.chars().mapToObj(c -> String.valueOf((char) c)).toList();
		Gen<String> usable = lists().of(Generate.pick(allowed)).ofSizeBetween(1, 140).map(l -> String.join("", l));
		Gen<String> mixed = lists().of(Generate.pick(PIECES)).ofSizeBetween(1, 140).map(l -> String.join("", l));
		// Lengths at SQS's boundary of 128, which a uniform length would rarely hit.
		Gen<String> boundary = lists().of(Generate.pick(allowed)).ofSizeBetween(127, 129).map(l -> String.join("", l));
		return usable.mix(mixed).mix(boundary);
	}

	private static String sha256Hex(String text) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
