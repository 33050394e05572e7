package io.aclgateway.relay.contract;

import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * RFC 3339 date-times read as Unix seconds, rounded down, whatever the offset and
 * fraction.
 */
public final class Rfc3339 {

	private static final Pattern DATE_TIME = Pattern.compile(
			"(\\d{4})-(\\d{2})-(\\d{2})[Tt](\\d{2}):(\\d{2}):(\\d{2})(\\.\\d+)?(?:([Zz])|([+-])(\\d{2}):(\\d{2}))");

	private Rfc3339() {
	}

	/**
	 * Unix seconds of the instant, rounded down; empty when the text is not an RFC 3339
	 * date-time.
	 */
	public static OptionalLong epochSeconds(String text) {
		Matcher m = DATE_TIME.matcher(text);
		if (!m.matches()) {
			return OptionalLong.empty();
		}
		try {
			int second = Integer.parseInt(m.group(6));
			// RFC 3339 allows a leap second (:60); it is the instant just after :59.
			boolean leap = second == 60;
			LocalDateTime local = LocalDateTime.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
					Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5)),
					leap ? 59 : second);
			// RFC 3339 allows offsets up to 23:59, beyond java.time's ZoneOffset range of
			// 18 hours.
			int offsetSeconds = 0;
			if (m.group(8) == null) {
				int hours = Integer.parseInt(m.group(10));
				int minutes = Integer.parseInt(m.group(11));
				if (hours > 23 || minutes > 59) {
					return OptionalLong.empty();
				}
				offsetSeconds = sign(m.group(9)) * (hours * 3600 + minutes * 60);
			}
			long utcMinute = Math.floorDiv(local.toEpochSecond(ZoneOffset.UTC) - offsetSeconds, 60);
			// A leap second is only ever the last second of a UTC day (RFC 3339 section
			// 5.7): 23:59:60Z,
			// or the same instant written with an offset (15:59:60-08:00).
			if (leap && Math.floorMod(utcMinute, 24 * 60) != 23 * 60 + 59) {
				return OptionalLong.empty();
			}
			// A fraction is never negative, so dropping it rounds down.
			return OptionalLong.of(local.toEpochSecond(ZoneOffset.UTC) - offsetSeconds + (leap ? 1 : 0));
		}
		catch (DateTimeException ex) {
			return OptionalLong.empty();
		}
	}

	private static int sign(String sign) {
		return sign.equals("-") ? -1 : 1;
	}

}
