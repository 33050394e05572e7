package io.aclgateway.surface;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A committed text file under {@code src/test/resources/surface} that what users see must equal,
 * so that any visible change shows as a diff in review. Run with {@code -Dsurface.update=true} to
 * rewrite the files after a change that is meant.
 */
final class Snapshot {

	static final Path DIR = Path.of("src/test/resources/surface");

	private Snapshot() {
	}

	static void assertMatches(String file, String actual) throws IOException {
		Path path = DIR.resolve(file);
		if (Boolean.getBoolean("surface.update")) {
			Files.createDirectories(DIR);
			Files.writeString(path, actual, StandardCharsets.UTF_8);
		}
		assertThat(path).as("snapshot " + path + " (create it with -Dsurface.update=true)").exists();
		assertThat(actual).as("what users see differs from " + path
				+ "; if the change is meant, rerun with -Dsurface.update=true and commit the diff")
			.isEqualTo(Files.readString(path, StandardCharsets.UTF_8));
	}

}
