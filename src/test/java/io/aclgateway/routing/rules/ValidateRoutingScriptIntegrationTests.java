package io.aclgateway.routing.rules;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * scripts/validate-routing, the check release managers run before a ConfigMap change, run
 * as they run it: on the jar the build packaged (Spring Boot's launcher, the gateway's
 * own parser), with nothing else configured.
 */
class ValidateRoutingScriptIntegrationTests {

	@TempDir
	Path dir;

	@Test
	void aValidFileExitsZeroWithItsVersionAndRuleCount() throws Exception {
		String version = new RoutingFileParser().parse(Files.readAllBytes(Path.of("config/routing.yml"))).version();

		Result result = validateRouting("config/routing.yml");

		assertThat(result.exitCode()).as(result.output()).isZero();
		assertThat(result.output()).isEqualTo("config/routing.yml: valid, version " + version
				+ ", 4 rules (mode rules, default legacy), shadow 100 % (noise 100 %), 1 shadow rule\n");
	}

	@Test
	void anInvalidFileExitsOneWithEveryProblemAsTheGatewayReportsIt() throws Exception {
		Path file = Files.writeString(dir.resolve("routing.yml"), """
				mode: canary
				rules:
				  - name: default
				    target: blue
				    rollout: {percent: 101, by: account}
				""");
		List<String> problems = catchProblems(file);

		Result result = validateRouting(file.toString());

		assertThat(problems).hasSize(4);
		assertThat(result.exitCode()).as(result.output()).isEqualTo(1);
		assertThat(result.output()).isEqualTo(file + ": invalid, the gateway would reject it as a whole (4 problems):\n"
				+ String.join("\n", problems) + "\n");
		assertThat(result.output()).contains("mode: 'canary' is not one of rules, legacy-only, falcon-only\n",
				"rules[0].target: 'blue' is not one of falcon, legacy\n");
	}

	@Test
	void aFileThatCannotBeReadOrAWrongCommandLineExitsTwo() throws Exception {
		Result missing = validateRouting(dir.resolve("absent.yml").toString());
		Result noFile = validateRouting();
		Result twoFiles = validateRouting("config/routing.yml", "config/routing.yml");
		Result noJar = validateRouting("--jar", dir.resolve("absent.jar").toString(), "config/routing.yml");

		assertThat(missing.exitCode()).as(missing.output()).isEqualTo(2);
		assertThat(missing.output()).contains("absent.yml: cannot be read");
		assertThat(noFile.exitCode()).as(noFile.output()).isEqualTo(2);
		assertThat(noFile.output()).contains("validate-routing FILE");
		assertThat(twoFiles.exitCode()).as(twoFiles.output()).isEqualTo(2);
		assertThat(noJar.exitCode()).as(noJar.output()).isEqualTo(2);
		assertThat(noJar.output()).contains("no gateway jar");
	}

	private static List<String> catchProblems(Path file) throws IOException {
		try {
			new RoutingFileParser().parse(Files.readAllBytes(file));
			throw new AssertionError(file + " was meant to be invalid");
		}
		catch (InvalidRoutingFileException ex) {
			return ex.problems();
		}
	}

	/**
	 * Runs the script from the project's directory (the tests' working directory), as the
	 * README does.
	 */
	private static Result validateRouting(String... args) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(List.of("bash", "scripts/validate-routing"));
		command.addAll(List.of(args));
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
		builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
		builder.environment().remove("JAVA_TOOL_OPTIONS");
		builder.environment().remove("ACL_GATEWAY_JAR");
		Process process = builder.start();
		boolean exited = process.waitFor(60, TimeUnit.SECONDS);
		if (!exited) {
			process.destroyForcibly();
		}
		assertThat(exited).as("validate-routing finished within 60 s").isTrue();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		return new Result(process.exitValue(), output);
	}

	private record Result(int exitCode, String output) {
	}

}
