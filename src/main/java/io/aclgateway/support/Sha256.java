package io.aclgateway.support;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256: the routing file's version, the deduplication id of a long event id, the
 * relay's hashed event ids.
 */
public final class Sha256 {

	private Sha256() {
	}

	/**
	 * The hex of the first {@code bytes} bytes of {@code content}'s digest (32 for all of
	 * it).
	 */
	public static String hex(byte[] content, int bytes) {
		return HexFormat.of().formatHex(digest(content), 0, bytes);
	}

	/** {@code content}'s digest, 32 bytes. */
	public static byte[] digest(byte[] content) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(content);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("every Java platform has SHA-256", ex);
		}
	}

}
