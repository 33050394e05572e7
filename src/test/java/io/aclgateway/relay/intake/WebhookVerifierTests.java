package io.aclgateway.relay.intake;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.standardwebhooks.Webhook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Standard Webhooks verification (events.md 1.1), checked against the off-the-shelf
 * signer.
 */
class WebhookVerifierTests {

	static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

	static final String OTHER = "whsec_c2VjcmV0LW51bWJlci10d28tZm9yLXJvdGF0aW9u";

	static final long NOW = 1_795_600_000L;

	static final byte[] BODY = "{\"specversion\":\"1.0\"}".getBytes(StandardCharsets.UTF_8);

	private final WebhookVerifier verifier = new WebhookVerifier(List.of(SECRET, OTHER),
			Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC));

	@ParameterizedTest
	@ValueSource(longs = { -300, -1, 0, 1, 300 })
	void acceptsATimestampWithinThreeHundredSeconds(long offset) throws Exception {
		String timestamp = Long.toString(NOW + offset);

		assertThat(verifier.isAuthentic("msg_1", timestamp, sign(SECRET, "msg_1", NOW + offset), BODY)).isTrue();
	}

	@ParameterizedTest
	@ValueSource(longs = { -301, 301, -86_400 })
	void refusesATimestampFurtherAway(long offset) throws Exception {
		String timestamp = Long.toString(NOW + offset);

		assertThat(verifier.isAuthentic("msg_1", timestamp, sign(SECRET, "msg_1", NOW + offset), BODY)).isFalse();
	}

	@Test
	void acceptsAnyConfiguredSecretAndAnyOfSeveralSignatures() throws Exception {
		String both = "v1,bm90LWEtc2lnbmF0dXJl " + sign(OTHER, "msg_2", NOW);

		assertThat(verifier.isAuthentic("msg_2", Long.toString(NOW), both, BODY)).isTrue();
	}

	@Test
	void refusesABodyChangedByOneByte() throws Exception {
		byte[] changed = BODY.clone();
		changed[2] ^= 1;

		assertThat(verifier.isAuthentic("msg_3", Long.toString(NOW), sign(SECRET, "msg_3", NOW), changed)).isFalse();
	}

	@Test
	void verifiesTheRawBytesEvenWhenTheyAreNotUtf8() {
		byte[] raw = { '{', (byte) 0xC3, (byte) 0x28, '}' };
		String signature = "v1," + Base64.getEncoder().encodeToString(hmac(raw, "msg_4"));

		assertThat(verifier.isAuthentic("msg_4", Long.toString(NOW), signature, raw)).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "v1", "v1,", "v2,AAAA", "v1,not base64!", "garbage" })
	void refusesMalformedSignatureHeaders(String header) {
		assertThat(verifier.isAuthentic("msg_5", Long.toString(NOW), header, BODY)).isFalse();
	}

	@Test
	void refusesMissingHeadersAndOverlongIds() throws Exception {
		assertThat(verifier.isAuthentic(null, Long.toString(NOW), sign(SECRET, "x", NOW), BODY)).isFalse();
		assertThat(verifier.isAuthentic("x", null, sign(SECRET, "x", NOW), BODY)).isFalse();
		assertThat(verifier.isAuthentic("x", "12abc", sign(SECRET, "x", NOW), BODY)).isFalse();
		String longId = "i".repeat(257);
		assertThat(verifier.isAuthentic(longId, Long.toString(NOW), sign(SECRET, longId, NOW), BODY)).isFalse();
	}

	@Test
	void authenticatesNothingWithoutSecrets() throws Exception {
		WebhookVerifier none = new WebhookVerifier(List.of(), Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC));

		assertThat(none.hasSecrets()).isFalse();
		assertThat(none.isAuthentic("m", Long.toString(NOW), sign(SECRET, "m", NOW), BODY)).isFalse();
	}

	@ParameterizedTest
	@ValueSource(strings = { "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "whsec_not-base64!", "whsec_c2hvcnQ=" })
	void refusesMalformedSecretsWithoutRevealingThem(String secret) {
		assertThatThrownBy(() -> new WebhookVerifier(List.of(secret), Clock.systemUTC()))
			.hasMessageContaining("acl.events.signing-secrets[0]")
			.satisfies(error -> assertThat(error.getMessage()).doesNotContain(secret.replace("whsec_", "")));
	}

	private static String sign(String secret, String id, long timestamp) throws Exception {
		return new Webhook(secret).sign(id, timestamp, new String(BODY, StandardCharsets.UTF_8));
	}

	private static byte[] hmac(byte[] body, String id) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(Base64.getDecoder().decode(SECRET.substring(6)), "HmacSHA256"));
			mac.update((id + "." + NOW + ".").getBytes(StandardCharsets.UTF_8));
			return mac.doFinal(body);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
