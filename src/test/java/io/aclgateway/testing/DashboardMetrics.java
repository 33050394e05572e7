package io.aclgateway.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The metric names the chart's Grafana dashboard queries, so that tests hold it to what
 * the gateway exports: the relay's own metrics exist only where the Kafka intake runs,
 * and are checked there.
 */
public final class DashboardMetrics {

	/** The dashboard the chart ships. */
	public static final Path DASHBOARD = Path.of("helm/acl-gateway/dashboards/acl-gateway.json");

	/** Metrics of the Kafka intake: exported only where it runs. */
	public static final Predicate<String> RELAY_ONLY = name -> name.startsWith("acl_relay_")
			|| name.startsWith("kafka_consumer_");

	/**
	 * Metrics of shadow reads: a rule's series exist once a shadow rule is in force or
	 * has been compared, and its field series once a field differed (checked by
	 * ShadowEndpointIntegrationTests).
	 */
	public static final Predicate<String> SHADOW_ONLY = name -> name.startsWith("acl_shadow_");

	private static final Pattern METRIC = Pattern.compile(
			"\\b([a-z_][a-z0-9_]*(?:_total|_seconds_bucket|_seconds_count|_seconds_sum|_bytes|_usage|_state|_seconds|_calls|_connections|_streams|_rooms|_records|_lag_max))\\b");

	private DashboardMetrics() {
	}

	/** Metric names in every "expr" of the dashboard (PromQL words do not match). */
	public static Set<String> asked() {
		try {
			Set<String> names = new TreeSet<>();
			collect(JsonMapper.builder().build().readTree(Files.readString(DASHBOARD)), names);
			return names;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The metric names of a Prometheus scrape. */
	public static Set<String> exported(String scrape) {
		Set<String> exported = new TreeSet<>();
		Matcher names = Pattern.compile("(?m)^([a-zA-Z_:][a-zA-Z0-9_:]*)[{ ]").matcher(scrape);
		while (names.find()) {
			exported.add(names.group(1));
		}
		return exported;
	}

	private static void collect(JsonNode node, Set<String> names) {
		if (node.isObject()) {
			node.properties().forEach(entry -> {
				if (entry.getKey().equals("expr") && entry.getValue().isString()) {
					Matcher metric = METRIC.matcher(entry.getValue().stringValue());
					while (metric.find()) {
						names.add(metric.group(1));
					}
				}
				collect(entry.getValue(), names);
			});
		}
		else if (node.isArray()) {
			node.forEach(child -> collect(child, names));
		}
	}

}
