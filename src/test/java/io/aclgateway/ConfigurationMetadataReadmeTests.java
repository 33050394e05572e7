package io.aclgateway;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's configuration table held to the metadata Spring Boot's configuration
 * processor generates from the {@code @ConfigurationProperties} records: every
 * {@code acl.*} key is in the table, every {@code acl.*} entry of the table names keys
 * that exist, and every key has a description (its record's {@code @param}).
 *
 * <p>
 * How a row's first cell is read: each {@code `acl....`} is a key, or a pattern where
 * {@code <name>} is one segment ({@code acl.<upstream>.max-streams}), a trailing
 * {@code .*} any keys below ({@code
 * acl.<upstream>.circuit-breaker.*}), and a trailing {@code .<key>} or {@code [<key>]}
 * the key of a map ({@code acl.events.queues.<cmd>} is {@code acl.events.queues}). A bare
 * {@code `name`} beside them (no dot) is a sibling:
 * {@code `acl.falcon.*` / `acl.legacy.*` `connect-timeout`} names
 * {@code acl.falcon.connect-timeout} and {@code acl.legacy.connect-timeout}, and then the
 * {@code .*} entries are only the siblings' parents, not patterns of their own. Entries
 * outside {@code acl.*} (Spring's own keys) are not held to our metadata.
 */
class ConfigurationMetadataReadmeTests {

	static final Path METADATA = Path.of("target/classes/META-INF/spring-configuration-metadata.json");

	static final Path README = Path.of("README.md");

	private static final Pattern CODE = Pattern.compile("`([^`]+)`");

	private static final Pattern SIBLING = Pattern.compile("[a-z][a-z0-9-]*(\\[<[^>]+>\\])?");

	@Test
	void everyAclKeyOfTheMetadataIsInTheReadmeTable() throws IOException {
		List<ReadmeEntry> entries = readmeEntries();
		List<String> missing = aclKeys().keySet()
			.stream()
			.filter(key -> entries.stream().noneMatch(entry -> entry.matches(key)))
			.toList();
		assertThat(missing).as("acl.* keys of the metadata that no row of README.md's configuration table names")
			.isEmpty();
	}

	@Test
	void everyAclEntryOfTheReadmeTableNamesKeysThatExist() throws IOException {
		Map<String, String> keys = aclKeys();
		List<String> unknown = readmeEntries().stream()
			.filter(entry -> keys.keySet().stream().noneMatch(entry::matches))
			.map(ReadmeEntry::text)
			.toList();
		assertThat(unknown).as("README.md table entries that match no acl.* key of the metadata").isEmpty();
	}

	@Test
	void everyAclKeyHasADescription() throws IOException {
		List<String> undescribed = aclKeys().entrySet()
			.stream()
			.filter(key -> key.getValue().isBlank())
			.map(Map.Entry::getKey)
			.toList();
		assertThat(undescribed).as("acl.* keys without a description (a @param of their record)").isEmpty();
	}

	@Test
	void theReadingOfTheTableIsNeitherEmptyNorTooWide() throws IOException {
		List<ReadmeEntry> entries = readmeEntries();
		assertThat(entries).hasSizeGreaterThan(20);
		// A sibling row names its siblings, not everything under its parents.
		assertThat(entries)
			.noneMatch(entry -> entry.matches("acl.falcon.max-streams") && entry.text().contains("connect-timeout"));
		assertThat(entries).anyMatch(entry -> entry.matches("acl.legacy.connect-timeout"));
		assertThat(entries).anyMatch(entry -> entry.matches("acl.events.queues"));
		assertThat(entries).noneMatch(entry -> entry.matches("acl.nothing"));
	}

	/** Every acl.* key of the generated metadata, with its description. */
	static Map<String, String> aclKeys() throws IOException {
		assertThat(METADATA).as("the configuration processor's output (compile first)").exists();
		JsonNode metadata = JsonMapper.builder().build().readTree(Files.readString(METADATA));
		Map<String, String> keys = new TreeMap<>();
		StreamSupport.stream(metadata.get("properties").spliterator(), false)
			.filter(property -> property.get("name").asString().startsWith("acl."))
			.forEach(property -> keys.put(property.get("name").asString(),
					property.has("description") ? property.get("description").asString() : ""));
		assertThat(keys).as("acl.* keys in %s", METADATA).isNotEmpty();
		return keys;
	}

	/**
	 * The acl.* entries of the README's configuration table (the one headed
	 * {@code | key | default | meaning |}).
	 */
	static List<ReadmeEntry> readmeEntries() throws IOException {
		List<String> lines = Files.readAllLines(README);
		int header = lines.indexOf("| key | default | meaning |");
		assertThat(header).as("README.md has the configuration table").isNotNegative();
		List<ReadmeEntry> entries = new ArrayList<>();
		for (int i = header + 2; i < lines.size() && lines.get(i).startsWith("|"); i++) {
			String keyCell = lines.get(i).split("\\|")[1];
			List<String> keys = new ArrayList<>();
			List<String> siblings = new ArrayList<>();
			Matcher code = CODE.matcher(keyCell);
			while (code.find()) {
				String text = code.group(1);
				if (text.startsWith("acl.")) {
					keys.add(text);
				}
				else if (SIBLING.matcher(text).matches()) {
					siblings.add(text);
				}
			}
			for (String key : keys) {
				if (siblings.isEmpty() || !key.endsWith(".*")) {
					entries.add(ReadmeEntry.of(key, key));
				}
				String parent = key.endsWith(".*") ? key.substring(0, key.length() - 1)
						: key.substring(0, key.lastIndexOf('.') + 1);
				for (String sibling : siblings) {
					entries.add(ReadmeEntry.of(key + " " + sibling, parent + sibling));
				}
			}
		}
		return entries;
	}

	/**
	 * One key or key pattern named by the README, as written and as a regular expression
	 * over key names.
	 */
	record ReadmeEntry(String text, Pattern pattern) {

		static ReadmeEntry of(String text, String key) {
			String map = key.replaceFirst("(\\.<[^>]+>|\\[<[^>]+>\\])$", "");
			StringBuilder regex = new StringBuilder();
			Matcher placeholder = Pattern.compile("<[^>]+>|\\.\\*$").matcher(map);
			int at = 0;
			while (placeholder.find()) {
				regex.append(Pattern.quote(map.substring(at, placeholder.start())));
				regex.append(placeholder.group().equals(".*") ? "\\..+" : "[a-z0-9-]+");
				at = placeholder.end();
			}
			regex.append(Pattern.quote(map.substring(at)));
			return new ReadmeEntry(text, Pattern.compile(regex.toString()));
		}

		boolean matches(String key) {
			return pattern.matcher(key).matches();
		}

	}

}
