package io.aclgateway.relay.release;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** The release file check's answers: exit code, and what it prints where. */
class ValidateReleaseFileTests {

	@TempDir
	Path dir;

	private final ByteArrayOutputStream out = new ByteArrayOutputStream();

	private final ByteArrayOutputStream err = new ByteArrayOutputStream();

	@Test
	void aValidFileIsZeroAndItsCountOnStandardOutput() throws Exception {
		Path file = Files.writeString(dir.resolve("relay-releases.yml"),
				"releases:\n  - {room: 4711, eid: e1, action: skip, reason: OPS-1}\n");

		assertThat(run(file.toString())).isEqualTo(ValidateReleaseFile.VALID);
		assertThat(out()).isEqualTo(file + ": valid, 1 release\n");
		assertThat(err()).isEmpty();
	}

	@Test
	void anInvalidFileIsOneAndEveryProblemOnStandardError() throws Exception {
		Path file = Files.writeString(dir.resolve("relay-releases.yml"),
				"releases:\n  - {room: 0, eid: e1, action: retry, reason: OPS-1}\n");

		assertThat(run(file.toString())).isEqualTo(ValidateReleaseFile.INVALID);
		assertThat(out()).isEmpty();
		assertThat(err()).isEqualTo(file + ": invalid, the relay would reject it as a whole (2 problems):\n"
				+ "releases[0].room: '0' is not a room id (decimal 1 to 9223372036854775807)\n"
				+ "releases[0].action: 'retry' is not one of skip, redeliver\n");
	}

	@Test
	void noFileTwoFilesAnOptionOrAMissingFileIsTwo() {
		assertThat(run()).isEqualTo(ValidateReleaseFile.USAGE);
		assertThat(run("a.yml", "b.yml")).isEqualTo(ValidateReleaseFile.USAGE);
		assertThat(run("--help")).isEqualTo(ValidateReleaseFile.USAGE);
		assertThat(err()).contains("usage: validate-releases FILE");
		assertThat(run(dir.resolve("absent.yml").toString())).isEqualTo(ValidateReleaseFile.USAGE);
	}

	private int run(String... args) {
		return ValidateReleaseFile.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
				new PrintStream(err, true, StandardCharsets.UTF_8));
	}

	private String out() {
		return out.toString(StandardCharsets.UTF_8);
	}

	private String err() {
		return err.toString(StandardCharsets.UTF_8);
	}

}
