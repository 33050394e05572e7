package io.aclgateway.surface;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.fail;

/**
 * A committed text file under {@code src/test/resources/surface} that what users see must
 * equal, so that any visible change shows as a diff in review. Run with
 * {@code -Dsurface.update=true} to rewrite the files after a change that is meant.
 */
final class Snapshot {

	static final Path DIR = Path.of("src/test/resources/surface");

	private Snapshot() {
	}

	/**
	 * Fails listing, for every file, the lines users would lose ({@code -}) and gain
	 * ({@code +}).
	 */
	static void assertMatch(Map<String, String> actualByFile) throws IOException {
		StringBuilder differences = new StringBuilder();
		for (Map.Entry<String, String> entry : actualByFile.entrySet()) {
			Path path = DIR.resolve(entry.getKey());
			if (Boolean.getBoolean("surface.update")) {
				Files.createDirectories(DIR);
				Files.writeString(path, entry.getValue(), StandardCharsets.UTF_8);
			}
			List<String> expected = Files.exists(path) ? Files.readAllLines(path, StandardCharsets.UTF_8) : List.of();
			List<String> actual = entry.getValue().lines().toList();
			if (!expected.equals(actual)) {
				differences.append(path).append(":\n");
				expected.stream()
					.filter(line -> !actual.contains(line))
					.forEach(line -> differences.append("- ").append(line).append('\n'));
				actual.stream()
					.filter(line -> !expected.contains(line))
					.forEach(line -> differences.append("+ ").append(line).append('\n'));
			}
		}
		if (differences.length() > 0) {
			fail("What users see differs from the committed snapshots; if the change is meant, rerun with "
					+ "-Dsurface.update=true and commit the diff.\n" + differences);
		}
	}

}
