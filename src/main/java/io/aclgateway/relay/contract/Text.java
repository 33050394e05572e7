package io.aclgateway.relay.contract;

/** Checks on text that must cross into the legacy world intact. */
public final class Text {

	private Text() {
	}

	/**
	 * Whether every surrogate is paired, that is, the text is a sequence of Unicode
	 * scalar values.
	 */
	public static boolean isValidUnicode(String text) {
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (Character.isHighSurrogate(c)) {
				if (i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
					return false;
				}
				i++;
			}
			else if (Character.isLowSurrogate(c)) {
				return false;
			}
		}
		return true;
	}

	/**
	 * Whether an SQS message attribute can carry the text as is: #x9, #xA, #xD, #x20 to
	 * #xD7FF, #xE000 to #xFFFD and #x10000 to #x10FFFF, per the SQS API.
	 */
	public static boolean isQueueSafe(String text) {
		if (!isValidUnicode(text)) {
			return false;
		}
		return text.codePoints()
			.allMatch(c -> c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF)
					|| (c >= 0xE000 && c <= 0xFFFD) || c >= 0x10000);
	}

}
