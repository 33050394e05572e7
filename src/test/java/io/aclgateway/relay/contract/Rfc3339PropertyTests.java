package io.aclgateway.relay.contract;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Locale;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;
import static org.quicktheories.generators.SourceDSL.strings;

/**
 * Any instant written in RFC 3339 with any offset and fraction reads back as its Unix
 * second, rounded down.
 */
class Rfc3339PropertyTests {

	/**
	 * 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z, shrunk by three days so that every
	 * offset keeps a 4-digit year.
	 */
	private static final long FIRST = -62_135_596_800L + 3 * 86_400;

	private static final long LAST = 253_402_300_799L - 3 * 86_400;

	private static final int MAX_OFFSET_MINUTES = 23 * 60 + 59;

	@Test
	void anyInstantInAnyOffsetWithAnyFractionReadsAsItsUnixSecondRoundedDown() {
		qt().forAll(longs().between(FIRST, LAST), integers().between(-MAX_OFFSET_MINUTES, MAX_OFFSET_MINUTES),
				strings().betweenCodePoints('0', '9').ofLengthBetween(0, 12), booleans().all())
			.checkAssert((seconds, offsetMinutes, fraction, lowerCase) -> {
				String text = format(seconds, offsetMinutes, fraction);
				assertThat(Rfc3339.epochSeconds(lowerCase ? text.toLowerCase(Locale.ROOT) : text)).as(text)
					.hasValue(seconds);
			});
	}

	@Test
	void aLaterTextInTheSameOffsetNeverReadsAsAnEarlierSecond() {
		qt().forAll(longs().between(FIRST, LAST), integers().between(0, 86_400),
				integers().between(-MAX_OFFSET_MINUTES, MAX_OFFSET_MINUTES))
			.checkAssert((seconds, later, offsetMinutes) -> {
				long a = Rfc3339.epochSeconds(format(seconds, offsetMinutes, "999999999999")).getAsLong();
				long b = Rfc3339.epochSeconds(format(seconds + later, offsetMinutes, "")).getAsLong();
				assertThat(b).isGreaterThanOrEqualTo(a);
				assertThat(b - a).isEqualTo(later.longValue());
			});
	}

	/**
	 * The instant written as RFC 3339 in the offset, with the fraction digits (none when
	 * empty).
	 */
	private static String format(long seconds, int offsetMinutes, String fraction) {
		LocalDateTime local = LocalDateTime.ofEpochSecond(seconds + offsetMinutes * 60L, 0, ZoneOffset.UTC);
		String offset = (offsetMinutes == 0) ? "Z" : String.format(Locale.ROOT, "%s%02d:%02d",
				(offsetMinutes < 0) ? "-" : "+", Math.abs(offsetMinutes) / 60, Math.abs(offsetMinutes) % 60);
		return String.format(Locale.ROOT, "%04d-%02d-%02dT%02d:%02d:%02d%s%s", local.getYear(), local.getMonthValue(),
				local.getDayOfMonth(), local.getHour(), local.getMinute(), local.getSecond(),
				fraction.isEmpty() ? "" : "." + fraction, offset);
	}

}
