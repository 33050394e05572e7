package io.aclgateway.relay.release;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Checks a release file with the relay's own parser, before it is applied
 * (scripts/validate-releases): no Spring, no broker or queue, only the file. Exit code 0
 * when the relay would apply it, 1 when it would reject it (every problem printed as the
 * relay logs it, {@code place: reason}), 2 when it could not be checked.
 */
public final class ValidateReleaseFile {

	static final int VALID = 0;

	static final int INVALID = 1;

	static final int USAGE = 2;

	private ValidateReleaseFile() {
	}

	public static void main(String[] args) {
		System.exit(run(args, System.out, System.err));
	}

	/** Checks the one file named in {@code args}; returns the exit code. */
	static int run(String[] args, PrintStream out, PrintStream err) {
		if (args.length != 1 || args[0].isBlank() || args[0].startsWith("-")) {
			err.println("usage: validate-releases FILE");
			err.println("  exit 0: the relay would apply FILE (its release count is printed)");
			err.println("  exit 1: the relay would reject FILE (every problem is printed as 'place: reason')");
			err.println("  exit 2: FILE could not be checked (no such file, unreadable, or a wrong command line)");
			return USAGE;
		}
		Path file = Path.of(args[0]);
		byte[] content;
		// Bounded like the relay's parser: a file past the limit is read only far enough
		// to be refused.
		try (InputStream in = Files.newInputStream(file)) {
			content = in.readNBytes(ReleaseFileParser.MAX_FILE_BYTES + 1);
		}
		catch (IOException ex) {
			err.println(file + ": cannot be read (" + ex.getClass().getSimpleName() + ": " + ex.getMessage() + ")");
			return USAGE;
		}
		try {
			List<RoomRelease> releases = new ReleaseFileParser().parse(content);
			out.println(file + ": valid, " + releases.size() + ((releases.size() == 1) ? " release" : " releases"));
			return VALID;
		}
		catch (InvalidReleaseFileException ex) {
			err.println(file + ": invalid, the relay would reject it as a whole (" + ex.problems().size()
					+ ((ex.problems().size() == 1) ? " problem" : " problems") + "):");
			ex.problems().forEach(err::println);
			return INVALID;
		}
	}

}
