package io.aclgateway.support;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 as lower-case hex: the routing file's version, the deduplication id of a long
 * event id.
 */
public final class Sha256 {

	private Sha256() {
	}

	/**
	 * The hex of the first {@code bytes} bytes of {@code content}'s digest (32 for all of
	 * it).
	 */
	public static String hex(byte[] content, int bytes) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content), 0, bytes);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("every Java platform has SHA-256", ex);
		}
	}

}
