package io.aclgateway.relay.contract;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Unicode checks of events.md section 2 (text without unpaired surrogates) and of what an
 * SQS message attribute can carry (#x9, #xA, #xD, #x20-#xD7FF, #xE000-#xFFFD,
 * #x10000-#x10FFFF). Cases are written as UTF-16 units in hex, separated by spaces, to
 * keep them readable.
 */
class TextTests {

	@ParameterizedTest(name = "[{index}] [{0}] valid Unicode: {1}")
	@CsvSource(delimiter = '|', textBlock = """
			''                | true
			0061 0062         | true
			D83D DE00         | true
			0061 D83D DE00 0062 | true
			DBFF DFFF         | true
			D800 DC00         | true
			FFFE FFFF         | true
			0000 001F         | true
			D800              | false
			DBFF              | false
			DC00              | false
			DFFF              | false
			0061 D800         | false
			D800 0061         | false
			DC00 D800         | false
			DE00 D83D         | false
			D800 D800 DC00    | false
			D800 DC00 DC00    | false
			D83D DE00 D83D    | false
			""")
	void isValidUnicodeExactlyWhenEverySurrogateIsPaired(String units, boolean valid) {
		assertThat(Text.isValidUnicode(text(units))).isEqualTo(valid);
	}

	@ParameterizedTest(name = "[{index}] [{0}] queue safe: {1}")
	@CsvSource(delimiter = '|', textBlock = """
			''          | true
			0009        | true
			000A        | true
			000D        | true
			0020        | true
			007E        | true
			007F        | true
			0080        | true
			D7FF        | true
			E000        | true
			FFFD        | true
			D800 DC00   | true
			D83D DE00   | true
			DBFF DFFF   | true
			0000        | false
			0001        | false
			0008        | false
			000B        | false
			000C        | false
			000E        | false
			001F        | false
			FFFE        | false
			FFFF        | false
			D800        | false
			DFFF        | false
			DC00 D800   | false
			0061 FFFF 0062 | false
			0061 0000   | false
			""")
	void isQueueSafeExactlyForTheCharactersSqsAttributesAllow(String units, boolean safe) {
		assertThat(Text.isQueueSafe(text(units))).isEqualTo(safe);
	}

	@ParameterizedTest(name = "[{index}] U+{0}")
	@ValueSource(ints = { 0x10000, 0x1F600, 0xE0001, 0x10FFFF })
	void isQueueSafeForEverySupplementaryPlane(int codePoint) {
		assertThat(Text.isQueueSafe(Character.toString(codePoint))).isTrue();
		assertThat(Text.isValidUnicode(Character.toString(codePoint))).isTrue();
	}

	private static String text(String units) {
		StringBuilder text = new StringBuilder();
		for (String unit : units.trim().split(" +")) {
			if (!unit.isEmpty()) {
				text.append((char) Integer.parseInt(unit, 16));
			}
		}
		return text.toString();
	}

}
