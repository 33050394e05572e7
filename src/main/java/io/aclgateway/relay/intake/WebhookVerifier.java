package io.aclgateway.relay.intake;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.jspecify.annotations.Nullable;

/**
 * Verifies Standard Webhooks signatures (events.md 1.1) over the raw request bytes,
 * against every configured secret, in constant time per comparison. The standardwebhooks
 * library signs our test requests; it is not used here because it verifies a re-encoded
 * String rather than the bytes received and reads the wall clock directly.
 */
public final class WebhookVerifier {

	static final Duration TOLERANCE = Duration.ofSeconds(300);

	static final int MAX_ID_LENGTH = 256;

	private static final String SECRET_PREFIX = "whsec_";

	private static final int MIN_SECRET_BYTES = 24;

	private final List<byte[]> secrets;

	private final Clock clock;

	public WebhookVerifier(List<String> secrets, Clock clock) {
		this.secrets = new ArrayList<>(secrets.size());
		for (int i = 0; i < secrets.size(); i++) {
			this.secrets.add(decode(secrets.get(i).strip(), i));
		}
		this.clock = clock;
	}

	private static byte[] decode(String secret, int index) {
		// The message names the position, never the secret itself.
		String where = EventsProperties.PREFIX + ".signing-secrets[" + index + "]";
		if (!secret.startsWith(SECRET_PREFIX)) {
			throw new IllegalArgumentException(where + " must start with " + SECRET_PREFIX);
		}
		byte[] key;
		try {
			key = Base64.getDecoder().decode(secret.substring(SECRET_PREFIX.length()));
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException(where + " is not base64 after " + SECRET_PREFIX);
		}
		if (key.length < MIN_SECRET_BYTES) {
			throw new IllegalArgumentException(where + " must hold at least " + MIN_SECRET_BYTES + " bytes");
		}
		return key;
	}

	/** Whether any secret is configured; without one, nothing is authentic. */
	public boolean hasSecrets() {
		return !secrets.isEmpty();
	}

	/**
	 * Whether the request is authentic: well-formed headers, fresh timestamp, a matching
	 * v1 signature.
	 */
	public boolean isAuthentic(@Nullable String id, @Nullable String timestamp, @Nullable String signatures,
			byte[] body) {
		if (secrets.isEmpty() || id == null || timestamp == null || signatures == null || id.isEmpty()
				|| id.length() > MAX_ID_LENGTH || !isFresh(timestamp)) {
			return false;
		}
		List<byte[]> offered = offeredSignatures(signatures);
		if (offered.isEmpty()) {
			return false;
		}
		boolean authentic = false;
		byte[] prefix = (id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8);
		for (byte[] secret : secrets) {
			byte[] expected = hmac(secret, prefix, body);
			for (byte[] signature : offered) {
				// No early exit: the time taken does not depend on which secret or entry
				// matched.
				authentic |= MessageDigest.isEqual(expected, signature);
			}
		}
		return authentic;
	}

	private boolean isFresh(String timestamp) {
		if (timestamp.isEmpty() || timestamp.length() > 12 || !timestamp.chars().allMatch(c -> c >= '0' && c <= '9')) {
			return false;
		}
		long seconds = Long.parseLong(timestamp);
		return Math.abs(clock.instant().getEpochSecond() - seconds) <= TOLERANCE.toSeconds();
	}

	private static List<byte[]> offeredSignatures(String header) {
		List<byte[]> offered = new ArrayList<>();
		for (String entry : header.trim().split(" +")) {
			int comma = entry.indexOf(',');
			if (comma > 0 && entry.substring(0, comma).equals("v1")) {
				try {
					offered.add(Base64.getDecoder().decode(entry.substring(comma + 1)));
				}
				catch (IllegalArgumentException ex) {
					// A malformed entry is just not a match.
				}
			}
		}
		return offered;
	}

	private static byte[] hmac(byte[] secret, byte[] prefix, byte[] body) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(secret, "HmacSHA256"));
			mac.update(prefix);
			return mac.doFinal(body);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("every Java platform has HmacSHA256", ex);
		}
	}

}
