package io.aclgateway.shadow.compare;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.aclgateway.shadow.compare.BodyDecoding.CannotDecode;
import io.aclgateway.shadow.compare.BodyDecoding.Decoded;
import io.aclgateway.shadow.compare.BodyDecoding.OverBudget;
import io.aclgateway.shadow.compare.BodyDecoding.Result;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

/** Bodies come out as they went in, and never longer than the limit. */
class BodyDecodingTests {

	private static final byte[] BODY = "{\"room\":\"r1\",\"members\":[1,2,3]}".getBytes(StandardCharsets.UTF_8);

	@ParameterizedTest
	@ValueSource(strings = { "identity", "gzip", "x-gzip", "GZIP", "deflate", "deflate-raw", "gzip, identity",
			"deflate, gzip", " gzip ,deflate-raw " })
	void decodesWhatWasEncoded(String codings) throws IOException {
		byte[] encoded = encode(codings, BODY);
		assertThat(decoded(BodyDecoding.decode(codings.replace("deflate-raw", "deflate"), encoded, 1024)))
			.isEqualTo(BODY);
	}

	@Test
	void noCodingIsTheBodyAsItIs() {
		assertThat(decoded(BodyDecoding.decode(null, BODY, 1024))).isEqualTo(BODY);
		assertThat(decoded(BodyDecoding.decode("  ", BODY, 1024))).isEqualTo(BODY);
		assertThat(decoded(BodyDecoding.decode(null, new byte[0], 0))).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "br", "compress", "zstd", "gzip, br" })
	void unknownCodingsCannotBeDecoded(String codings) {
		assertThat(BodyDecoding.decode(codings, BODY, 1024)).isInstanceOf(CannotDecode.class);
	}

	@Test
	void corruptDataCannotBeDecoded() {
		assertThat(BodyDecoding.decode("gzip", BODY, 1024)).isInstanceOf(CannotDecode.class);
		assertThat(BodyDecoding.decode("deflate", new byte[] { 0x78, (byte) 0x9c, 1, 2, 3 }, 1024))
			.isInstanceOf(CannotDecode.class);
	}

	@Test
	void theLimitIsInclusive() throws IOException {
		assertThat(decoded(BodyDecoding.decode(null, BODY, BODY.length))).isEqualTo(BODY);
		assertThat(decoded(BodyDecoding.decode("gzip", encode("gzip", BODY), BODY.length))).isEqualTo(BODY);
		assertThat(BodyDecoding.decode(null, BODY, BODY.length - 1)).isEqualTo(new OverBudget(BODY.length - 1));
		assertThat(BodyDecoding.decode("gzip", encode("gzip", BODY), BODY.length - 1))
			.isEqualTo(new OverBudget(BODY.length - 1));
		assertThat(BodyDecoding.decode("deflate", encode("deflate", BODY), BODY.length - 1))
			.isEqualTo(new OverBudget(BODY.length - 1));
	}

	/**
	 * 256 MiB of zeros in about 250 KiB: decoding stops at the limit, and allocates about
	 * that much.
	 */
	@ParameterizedTest
	@ValueSource(strings = { "gzip", "deflate" })
	void aZipBombStopsAtTheLimit(String coding) throws IOException {
		byte[] bomb = bomb(coding, 256 * 1024 * 1024);
		int limit = 256 * 1024;
		com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
		long before = threads.getCurrentThreadAllocatedBytes();
		Result result = BodyDecoding.decode(coding, bomb, limit);
		long allocated = threads.getCurrentThreadAllocatedBytes() - before;
		assertThat(result).isEqualTo(new OverBudget(limit));
		assertThat(allocated).isLessThan(4L * limit);
	}

	@Test
	void decodeOfEncodeIsTheBody() {
		String[] codings = { "identity", "gzip", "deflate", "deflate-raw" };
		qt().withExamples(300)
			.forAll(longs().all(), integers().between(0, 5000), integers().between(0, codings.length - 1))
			.asWithPrecursor((seed, length, which) -> bytes(seed, length))
			.checkAssert((seed, length, which, body) -> {
				byte[] encoded = encode(codings[which], body);
				String header = codings[which].replace("deflate-raw", "deflate");
				assertThat(decoded(BodyDecoding.decode(header, encoded, body.length))).isEqualTo(body);
				if (body.length > 0) {
					assertThat(BodyDecoding.decode(header, encoded, body.length - 1))
						.isEqualTo(new OverBudget(body.length - 1));
				}
			});
	}

	/**
	 * Random bytes from a small alphabet or from all 256 values, so both compress
	 * differently.
	 */
	private static byte[] bytes(long seed, int length) {
		java.util.Random random = new java.util.Random(seed);
		byte[] bytes = new byte[length];
		int alphabet = random.nextBoolean() ? 4 : 256;
		for (int i = 0; i < length; i++) {
			bytes[i] = (byte) random.nextInt(alphabet);
		}
		return bytes;
	}

	private static byte[] decoded(Result result) {
		assertThat(result).isInstanceOf(Decoded.class);
		return ((Decoded) result).body();
	}

	/**
	 * Applies the codings in the order listed ("deflate-raw": deflate without zlib's
	 * wrapper).
	 */
	static byte[] encode(String codings, byte[] body) {
		byte[] encoded = body;
		for (String part : codings.split(",")) {
			String coding = part.trim().toLowerCase(java.util.Locale.ROOT);
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			try (OutputStream encoder = encoder(coding, out)) {
				encoder.write(encoded);
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
			encoded = out.toByteArray();
		}
		return encoded;
	}

	private static OutputStream encoder(String coding, OutputStream out) throws IOException {
		return switch (coding) {
			case "gzip", "x-gzip" -> new GZIPOutputStream(out);
			case "deflate" -> new DeflaterOutputStream(out, new Deflater(Deflater.DEFAULT_COMPRESSION, false));
			case "deflate-raw" -> new DeflaterOutputStream(out, new Deflater(Deflater.DEFAULT_COMPRESSION, true));
			default -> out;
		};
	}

	private static byte[] bomb(String coding, int size) throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		byte[] zeros = new byte[1024 * 1024];
		try (OutputStream encoder = encoder(coding, out)) {
			for (int written = 0; written < size; written += zeros.length) {
				encoder.write(zeros);
			}
		}
		return out.toByteArray();
	}

}
