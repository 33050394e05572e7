package io.aclgateway.routing.rules;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** The routing file check's answers: exit code, and what it prints where. */
class ValidateRoutingFileTests {

	@TempDir
	Path dir;

	private final ByteArrayOutputStream out = new ByteArrayOutputStream();

	private final ByteArrayOutputStream err = new ByteArrayOutputStream();

	@Test
	void aValidFileIsZeroAndItsVersionOnStandardOutput() throws Exception {
		Path file = Files.writeString(dir.resolve("routing.yml"),
				"default: falcon\nrules:\n  - {name: a, target: legacy}\n");
		String version = new RoutingFileParser().parse(Files.readAllBytes(file)).version();

		assertThat(run(file.toString())).isEqualTo(ValidateRoutingFile.VALID);
		assertThat(out()).isEqualTo(file + ": valid, version " + version + ", 1 rule (mode rules, default falcon)\n");
		assertThat(err()).isEmpty();
	}

	@Test
	void anInvalidFileIsOneAndEveryProblemOnStandardError() throws Exception {
		Path file = Files.writeString(dir.resolve("routing.yml"), "mode: canary\ndefault: blue\n");

		assertThat(run(file.toString())).isEqualTo(ValidateRoutingFile.INVALID);
		assertThat(out()).isEmpty();
		assertThat(err()).isEqualTo(file + ": invalid, the gateway would reject it as a whole (2 problems):\n"
				+ "mode: 'canary' is not one of rules, legacy-only, falcon-only\n"
				+ "default: 'blue' is not one of falcon, legacy\n");
	}

	@Test
	void aValidShadowSectionIsSummedUpAfterTheRules() throws Exception {
		Path file = Files.writeString(dir.resolve("routing.yml"),
				"mode: rules\n" + RoutingFileShadowSectionTests.SPEC_SECTION);
		String version = new RoutingFileParser().parse(Files.readAllBytes(file)).version();

		assertThat(run(file.toString())).isEqualTo(ValidateRoutingFile.VALID);
		assertThat(out()).isEqualTo(file + ": valid, version " + version
				+ ", 0 rules (mode rules, default legacy), shadow 10 % (noise 5 %), 1 shadow rule\n");
	}

	@Test
	void aShadowSectionsProblemsAreReportedLikeEveryOther() throws Exception {
		Path file = Files.writeString(dir.resolve("routing.yml"), """
				mode: rules
				shadow:
				  percent: 120
				  rules:
				    - name: writes
				      methods: [POST]
				      compare: {ignore: ["/**"]}
				""");

		assertThat(run(file.toString())).isEqualTo(ValidateRoutingFile.INVALID);
		assertThat(out()).isEmpty();
		assertThat(err()).isEqualTo(file + ": invalid, the gateway would reject it as a whole (3 problems):\n"
				+ "shadow.percent: must be 0..100, was 120\n"
				+ "shadow.rules[0].methods: POST may be copied only by a rule marked 'idempotent: true' (otherwise GET and HEAD only)\n"
				+ "shadow.rules[0].compare.ignore[0]: '/**' matches the whole answer, so nothing would be compared\n");
	}

	@Test
	void aFileLargerThanTheGatewayReadsIsInvalidNotReadWhole() throws Exception {
		Path file = Files.write(dir.resolve("routing.yml"), new byte[RoutingFileParser.MAX_FILE_BYTES * 3]);

		assertThat(run(file.toString())).isEqualTo(ValidateRoutingFile.INVALID);
		assertThat(err())
			.contains("file: is " + (RoutingFileParser.MAX_FILE_BYTES + 1) + " bytes, more than the limit");
	}

	@Test
	void noFileTwoFilesAnOptionOrAnUnreadableFileIsTwo() {
		assertThat(run()).isEqualTo(ValidateRoutingFile.USAGE);
		assertThat(run("a.yml", "b.yml")).isEqualTo(ValidateRoutingFile.USAGE);
		assertThat(run("--help")).isEqualTo(ValidateRoutingFile.USAGE);
		assertThat(err()).contains("usage: validate-routing FILE");
		assertThat(run(dir.resolve("absent.yml").toString())).isEqualTo(ValidateRoutingFile.USAGE);
		assertThat(run(dir.toString())).isEqualTo(ValidateRoutingFile.USAGE);
		assertThat(err()).contains("absent.yml: cannot be read").contains(dir + ": cannot be read");
		assertThat(out()).isEmpty();
	}

	private int run(String... args) {
		return ValidateRoutingFile.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
				new PrintStream(err, true, StandardCharsets.UTF_8));
	}

	private String out() {
		return out.toString(StandardCharsets.UTF_8);
	}

	private String err() {
		return err.toString(StandardCharsets.UTF_8);
	}

}
