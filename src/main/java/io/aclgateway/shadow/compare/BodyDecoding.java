package io.aclgateway.shadow.compare;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

import org.jspecify.annotations.Nullable;

/**
 * An answer's body decoded as its {@code Content-Encoding} says (identity, gzip, x-gzip,
 * deflate raw or zlib-wrapped, in the listed order), never beyond a byte limit: a body
 * that would inflate past it stops there, so a zip bomb costs at most the limit.
 */
public final class BodyDecoding {

	private static final int CHUNK = 8 * 1024;

	/** More codings than any honest answer stacks. */
	private static final int MAX_CODINGS = 4;

	private BodyDecoding() {
	}

	/** What decoding gave. */
	public sealed interface Result {

	}

	/** The decoded body, at most the limit long. */
	public record Decoded(byte[] body) implements Result {

	}

	/** The decoded body would be longer than the limit: decoding stopped there. */
	public record OverBudget(int limit) implements Result {

	}

	/** The body cannot be decoded: an unknown coding (br among them) or corrupt data. */
	public record CannotDecode(String reason) implements Result {

	}

	/**
	 * Decodes a body by its {@code Content-Encoding} header ({@code null} or blank:
	 * none), keeping at most {@code limit} decoded bytes.
	 */
	public static Result decode(@Nullable String contentEncoding, byte[] body, int limit) {
		List<String> codings = codings(contentEncoding);
		if (codings.size() > MAX_CODINGS) {
			return new CannotDecode("more than " + MAX_CODINGS + " content codings: " + contentEncoding);
		}
		for (String coding : codings) {
			if (!coding.equals("identity") && !coding.equals("gzip") && !coding.equals("x-gzip")
					&& !coding.equals("deflate")) {
				return new CannotDecode("cannot decode content coding '" + coding + "'");
			}
		}
		if (codings.isEmpty() && body.length > limit) {
			return new OverBudget(limit);
		}
		byte[] decoded = body;
		// the last coding listed was applied last, so it comes off first
		Collections.reverse(codings);
		for (String coding : codings) {
			Result step = switch (coding) {
				case "gzip", "x-gzip" -> gunzip(decoded, limit);
				case "deflate" -> inflate(decoded, limit);
				default -> (decoded.length > limit) ? new OverBudget(limit) : new Decoded(decoded);
			};
			if (!(step instanceof Decoded next)) {
				return step;
			}
			decoded = next.body();
		}
		return new Decoded(decoded);
	}

	private static List<String> codings(@Nullable String header) {
		List<String> codings = new ArrayList<>();
		if (header == null) {
			return codings;
		}
		for (String part : header.split(",")) {
			String coding = part.trim().toLowerCase(Locale.ROOT);
			if (!coding.isEmpty()) {
				codings.add(coding);
			}
		}
		return codings;
	}

	private static Result gunzip(byte[] body, int limit) {
		try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body), CHUNK)) {
			return readUpTo(in, limit);
		}
		catch (IOException ex) {
			return new CannotDecode("corrupt gzip data");
		}
	}

	/**
	 * HTTP's deflate is zlib-wrapped (RFC 9110), but servers send raw deflate too: the
	 * zlib header decides, and raw is tried when the wrapped reading fails.
	 */
	private static Result inflate(byte[] body, int limit) {
		if (zlibHeader(body)) {
			Result wrapped = inflate(body, limit, false);
			if (!(wrapped instanceof CannotDecode)) {
				return wrapped;
			}
		}
		return inflate(body, limit, true);
	}

	private static Result inflate(byte[] body, int limit, boolean raw) {
		Inflater inflater = new Inflater(raw);
		try (InputStream in = new InflaterInputStream(new ByteArrayInputStream(body), inflater, CHUNK)) {
			return readUpTo(in, limit);
		}
		catch (IOException ex) {
			return new CannotDecode("corrupt deflate data");
		}
		finally {
			inflater.end();
		}
	}

	private static boolean zlibHeader(byte[] body) {
		return body.length >= 2 && (body[0] & 0x0F) == 8 && (((body[0] & 0xFF) << 8) | (body[1] & 0xFF)) % 31 == 0;
	}

	/** Reads to the end, or stops as soon as one byte more than the limit came out. */
	private static Result readUpTo(InputStream in, int limit) throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(limit, CHUNK));
		byte[] chunk = new byte[CHUNK];
		int total = 0;
		int read;
		while ((read = in.read(chunk, 0, Math.min(CHUNK, limit + 1 - total))) > 0) {
			total += read;
			if (total > limit) {
				return new OverBudget(limit);
			}
			out.write(chunk, 0, read);
		}
		return new Decoded(out.toByteArray());
	}

}
