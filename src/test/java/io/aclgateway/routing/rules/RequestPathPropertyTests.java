package io.aclgateway.routing.rules;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

import io.aclgateway.routing.client.Client;
import io.aclgateway.routing.client.ClientVersion;
import io.aclgateway.routing.client.Platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

/**
 * Every spelling of a path gets the decision of its plain spelling and is forwarded as
 * the same normal form (routing.md "Forwarding"), whatever unreserved characters are
 * percent-encoded, in whatever hex case, and however many slashes are repeated.
 */
class RequestPathPropertyTests {

	private static final String UNRESERVED = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~";

	private static final RoutingRules RULES = rules("""
			default: legacy
			rules:
			  - name: uploads-stay-on-legacy
			    paths: ["/gateway.php", "/upload/**"]
			    target: legacy
			  - name: rooms
			    paths: ["/v1/*/rooms", "/v1/rooms/**"]
			    target: falcon
			  - name: ios-5
			    platforms: [ios]
			    versions: ">=5.0.0"
			    target: falcon
			""");

	private static final Client IOS_5 = new Client(Platform.IOS, ClientVersion.parse("5.3.1").orElseThrow(), null,
			null);

	@Test
	void everySpellingGetsTheDecisionAndTheForwardedPathOfThePlainSpelling() {
		qt().withExamples(3000)
			.forAll(plainPaths(), longs().all(), booleans().all())
			.checkAssert((plain, seed, ios) -> {
				String respelled = respell(plain, new Random(seed));
				Client client = ios ? IOS_5 : Client.unknown();
				RequestPath plainPath = RequestPath.of(plain);
				RequestPath respelledPath = RequestPath.of(respelled);

				assertThat(respelledPath).as("%s read as %s", respelled, plain).isEqualTo(plainPath);
				assertThat(RULES.decide("GET", respelledPath, client)).as("decision for %s", respelled)
					.isEqualTo(RULES.decide("GET", plainPath, client));
			});
	}

	@Test
	void thePlainSpellingOfAPathWithOneMeaningIsItsOwnNormalForm() {
		qt().withExamples(2000).forAll(plainPaths()).checkAssert((plain) -> {
			RequestPath path = RequestPath.of(plain);
			if (!path.refused()) {
				assertThat(path.normal()).isEqualTo(plain);
			}
		});
	}

	@Test
	void theNormalFormIsItsOwnNormalForm() {
		qt().withExamples(2000).forAll(plainPaths(), longs().all()).checkAssert((plain, seed) -> {
			RequestPath path = RequestPath.of(respell(plain, new Random(seed)));
			assertThat(RequestPath.of(path.normal())).isEqualTo(path);
		});
	}

	@Test
	void anEncodedSlashBackslashOrNulAnywhereIsRefusedWhateverTheHexCase() {
		Gen<String> encodings = Generate.pick(List.of("%2F", "%2f", "%5C", "%5c", "%00"));
		qt().withExamples(2000).forAll(plainPaths(), encodings, longs().all()).checkAssert((plain, encoding, seed) -> {
			int at = 1 + new Random(seed).nextInt(plain.length());
			String path = plain.substring(0, at) + encoding + plain.substring(at);

			assertThat(RequestPath.of(path).refused()).as(path).isTrue();
			assertThat(RULES.decide("GET", RequestPath.of(path), IOS_5).rule())
				.isEqualTo(RouteDecision.INVALID_PATH_RULE);
		});
	}

	/**
	 * Paths in their normal form: segments of unreserved characters, sub-delimiters and
	 * upper-case percent-encodings of what is not unreserved; rule paths and dot segments
	 * turn up often.
	 */
	private static Gen<String> plainPaths() {
		Gen<String> segment = Generate.oneOf(
				Generate.pick(List.of("upload", "v1", "rooms", "avatar", "gateway.php", "9", ".", "..", "a.b", "~u",
						"%20", "%E2%9C%93", "%3A", "%25", "%C3%A9t%C3%A9", "a=1&b", "x:y@z", "!$'()*+,")),
				textOf(UNRESERVED + "!$&'()*+,=:@", 1, 12));
		Gen<List<String>> segments = lists().of(segment).ofSizeBetween(0, 6);
		return segments.zip(booleans().all(), (parts, trailingSlash) -> "/" + String.join("/", parts)
				+ ((trailingSlash && !parts.isEmpty()) ? "/" : ""));
	}

	/**
	 * The same path spelled otherwise: unreserved characters percent-encoded, hex case
	 * changed, slashes repeated.
	 */
	static String respell(String plain, Random random) {
		StringBuilder out = new StringBuilder();
		for (int i = 0; i < plain.length(); i++) {
			char c = plain.charAt(i);
			if (c == '/') {
				out.append("/".repeat(1 + random.nextInt(3)));
			}
			else if (c == '%') {
				out.append('%').append(randomCase(plain.substring(i + 1, i + 3), random));
				i += 2;
			}
			else if (UNRESERVED.indexOf(c) >= 0 && random.nextInt(3) == 0) {
				out.append('%').append(randomCase(String.format("%02X", (int) c), random));
			}
			else {
				out.append(c);
			}
		}
		return out.toString();
	}

	private static String randomCase(String hex, Random random) {
		StringBuilder out = new StringBuilder();
		for (char c : hex.toCharArray()) {
			out.append(random.nextBoolean() ? Character.toLowerCase(c) : Character.toUpperCase(c));
		}
		return out.toString();
	}

	private static RoutingRules rules(String yaml) {
		try {
			return new RoutingFileParser().parse(yaml.getBytes(StandardCharsets.UTF_8));
		}
		catch (InvalidRoutingFileException ex) {
			throw new IllegalStateException(String.join("; ", ex.problems()), ex);
		}
	}

	/** Strings of {@code min} to {@code max} characters taken from {@code alphabet}. */
	private static Gen<String> textOf(String alphabet, int min, int max) {
		List<Character> characters = alphabet.chars().mapToObj((c) -> (char) c).collect(Collectors.toList());
		return lists().of(Generate.pick(characters))
			.ofSizeBetween(min, max)
			.map((chars) -> chars.stream().map(String::valueOf).collect(Collectors.joining()));
	}

}
