package io.aclgateway.relay.translation;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;
import tools.jackson.databind.json.JsonMapper;

import io.aclgateway.relay.contract.EventMeta;
import io.aclgateway.relay.contract.FalconEvent.MessagePosted;
import io.aclgateway.relay.contract.Text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.integers;

/**
 * Properties of every legacy message, whatever text Falcon sends (events.md section 3).
 */
class LegacyTranslatorPropertyTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/**
	 * Characters most likely to break a JSON body or an SQS message, and ordinary ones.
	 */
	private static final List<String> PIECES = List.of("a", "Z", "0", " ", "\"", "\\", "/", "\u0000", "\u0001", "\b",
			"\t", "\n", "\r", "\u001f", "\u007f", "\u0080", "\u00e9", "\u2028", "\u2029", "\ud7ff", "\ue000", "\ufffd",
			"\ufffe", "\uffff", "日本", "😀", "\udbff\udfff", "\u00a0", "<", "&", "'", "#");

	private final LegacyTranslator translator = new LegacyTranslator();

	@Test
	void everyValidUnicodeBodyIsWrittenQueueSafeAndReadsBackUnchanged() {
		qt().forAll(texts()).checkAssert(text -> {
			LegacyMessage message = translator
				.translate(new MessagePosted(
						new EventMeta("evt-1", "/falcon/write-api", "falcon.message.posted.v1", 0, null), 10, 30, 20,
						text))
				.get(0);
			assertThat(Text.isQueueSafe(message.body())).as(message.body()).isTrue();
			assertThat(JSON.readValue(message.body(), Map.class)).containsEntry("body", text);
		});
	}

	private static Gen<String> texts() {
		Gen<String> pieces = lists().of(Generate.pick(PIECES)).ofSizeBetween(1, 30).map(l -> String.join("", l));
		Gen<String> anything = lists().of(codePoints())
			.ofSizeBetween(1, 30)
			.map(points -> points.stream()
				.collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
				.toString());
		return pieces.mix(anything);
	}

	/**
	 * Any Unicode scalar value, half of them in the Basic Multilingual Plane: drawn past
	 * the surrogates rather than filtered (a filter on random strings threw away so many
	 * that the generator gave up now and then).
	 */
	private static Gen<Integer> codePoints() {
		int surrogates = Character.MAX_SURROGATE - Character.MIN_SURROGATE + 1;
		Gen<Integer> basic = integers().between(0, 0xFFFF - surrogates)
			.map(point -> (point >= Character.MIN_SURROGATE) ? point + surrogates : point);
		return basic.mix(integers().between(Character.MIN_SUPPLEMENTARY_CODE_POINT, Character.MAX_CODE_POINT));
	}

}
