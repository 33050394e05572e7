package io.aclgateway.routing.rules;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Checks a routing file with the gateway's own parser, before it is applied
 * (scripts/validate-routing): no Spring, no upstream or queue, only the file. Exit code 0
 * when the gateway would apply it, 1 when it would reject it (every problem printed as
 * the gateway reports it, {@code field: reason}), 2 when it could not be checked.
 */
public final class ValidateRoutingFile {

	static final int VALID = 0;

	static final int INVALID = 1;

	static final int USAGE = 2;

	private ValidateRoutingFile() {
	}

	public static void main(String[] args) {
		System.exit(run(args, System.out, System.err));
	}

	/** The shadow section in a few words, or nothing when the file has none. */
	private static String shadow(ShadowSection shadow) {
		if (shadow.equals(ShadowSection.NONE)) {
			return "";
		}
		return ", shadow " + shadow.percent() + " % (noise " + shadow.noisePercent() + " %), " + shadow.rules().size()
				+ ((shadow.rules().size() == 1) ? " shadow rule" : " shadow rules");
	}

	/** Checks the one file named in {@code args}; returns the exit code. */
	static int run(String[] args, PrintStream out, PrintStream err) {
		if (args.length != 1 || args[0].isBlank() || args[0].startsWith("-")) {
			err.println("usage: validate-routing FILE");
			err.println("  exit 0: the gateway would apply FILE (its version and rule count are printed)");
			err.println("  exit 1: the gateway would reject FILE (every problem is printed as 'field: reason')");
			err.println("  exit 2: FILE could not be checked (no such file, unreadable, or a wrong command line)");
			return USAGE;
		}
		Path file = Path.of(args[0]);
		byte[] content;
		try {
			// Bounded like the gateway's read: a file past the limit is read only far
			// enough to be refused.
			if (Files.size(file) > RoutingFileParser.MAX_FILE_BYTES) {
				content = new byte[RoutingFileParser.MAX_FILE_BYTES + 1];
				try (var in = Files.newInputStream(file)) {
					in.readNBytes(content, 0, content.length);
				}
			}
			else {
				content = Files.readAllBytes(file);
			}
		}
		catch (IOException ex) {
			err.println(file + ": cannot be read (" + ex.getClass().getSimpleName() + ": " + ex.getMessage() + ")");
			return USAGE;
		}
		try {
			RoutingRules rules = new RoutingFileParser().parse(content);
			out.println(file + ": valid, version " + rules.version() + ", " + rules.rules().size()
					+ ((rules.rules().size() == 1) ? " rule" : " rules") + " (mode " + rules.mode().wireName()
					+ ", default " + rules.defaultTarget().wireName() + ")" + shadow(rules.shadow()));
			return VALID;
		}
		catch (InvalidRoutingFileException ex) {
			err.println(file + ": invalid, the gateway would reject it as a whole (" + ex.problems().size()
					+ ((ex.problems().size() == 1) ? " problem" : " problems") + "):");
			ex.problems().forEach(err::println);
			return INVALID;
		}
	}

}
