package io.aclgateway.relay.translation;

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
import tools.jackson.databind.json.JsonMapper;

import io.aclgateway.relay.contract.EventMeta;
import io.aclgateway.relay.contract.FalconEvent.MessagePosted;
import io.aclgateway.relay.contract.FalconEvent.RoomDeleted;
import io.aclgateway.relay.contract.Text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.strings;

/** Properties of every legacy message, whatever text and event id Falcon sends (events.md 3.2 and 3.3). */
class LegacyTranslatorPropertyTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** The characters SQS accepts in a deduplication id, as events.md 3.2 lists them. */
	private static final String ALLOWED = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
			+ "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";

	private static final Pattern DEDUPLICATION_ID = Pattern.compile("[" + Pattern.quote(ALLOWED) + "]{1,128}");

	/** Characters most likely to break a JSON body or an SQS message, and ordinary ones. */
	private static final List<String> PIECES = List.of("a", "Z", "0", " ", "\"", "\\", "/", "\u0000", "\u0001",
			"\b", "\t", "\n", "\r", "\u001f", "\u007f", "\u0080", "\u00e9", "\u2028", "\u2029", "\ud7ff", "\ue000",
			"\ufffd", "\ufffe", "\uffff", "日本", "😀", "\udbff\udfff", "\u00a0", "<", "&", "'", "#");

	private final LegacyTranslator translator = new LegacyTranslator();

	@Test
	void everyValidUnicodeBodyIsWrittenQueueSafeAndReadsBackUnchanged() {
		qt().forAll(texts()).checkAssert(text -> {
			LegacyMessage message = translator.translate(new MessagePosted(
					new EventMeta("evt-1", "/falcon/write-api", "falcon.message.posted.v1", 0, null), 10, 30, 20, text))
				.get(0);
			assertThat(Text.isQueueSafe(message.body())).as(message.body()).isTrue();
			assertThat(JSON.readValue(message.body(), Map.class)).containsEntry("body", text);
			assertThat(message.sizeInBytes())
				.isEqualTo(message.body().getBytes(StandardCharsets.UTF_8).length + (3 + 6 + 8) + (3 + 6 + 5));
		});
	}

	@Test
	void theDeduplicationIdIsAlwaysOneSqsAcceptsAndIsTheEidWheneverItCanBe() {
		qt().forAll(eids()).checkAssert(eid -> {
			LegacyMessage message = translator
				.translate(new RoomDeleted(new EventMeta(eid, "/falcon/write-api", "falcon.room.deleted.v1", 0, null),
						10, 20))
				.get(0);
			assertThat(message.deduplicationId()).matches(DEDUPLICATION_ID);
			boolean usable = eid.length() <= 128 && eid.chars().allMatch(c -> ALLOWED.indexOf(c) >= 0);
			assertThat(message.deduplicationId()).isEqualTo(usable ? eid : sha256Hex(eid));
		});
	}

	private static Gen<String> texts() {
		Gen<String> pieces = lists().of(Generate.pick(PIECES)).ofSizeBetween(1, 30).map(l -> String.join("", l));
		Gen<String> anything = strings().allPossible().ofLengthBetween(1, 30).assuming(Text::isValidUnicode);
		return pieces.mix(anything);
	}

	private static Gen<String> eids() {
		List<String> allowed = ALLOWED.chars().mapToObj(c -> String.valueOf((char) c)).toList();
		Gen<String> usable = lists().of(Generate.pick(allowed)).ofSizeBetween(1, 140).map(l -> String.join("", l));
		Gen<String> mixed = lists().of(Generate.pick(PIECES)).ofSizeBetween(1, 140).map(l -> String.join("", l));
		return usable.mix(mixed);
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
