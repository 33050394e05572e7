package io.aclgateway.routing.reload;

import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

import io.aclgateway.routing.rules.Rule;
import io.aclgateway.routing.rules.RoutingRules;
import io.aclgateway.routing.rules.ShadowComparison;
import io.aclgateway.routing.rules.ShadowRule;
import io.aclgateway.routing.rules.ShadowSection;

/**
 * {@code /actuator/routing}: the rules in force (the shadow section's too), their version
 * and the last rejected file. Read-only.
 */
@Endpoint(id = "routing")
public class RoutingEndpoint {

	private final LiveRoutingRules live;

	private final Path file;

	RoutingEndpoint(LiveRoutingRules live, Path file) {
		this.live = live;
		this.file = file;
	}

	@ReadOperation
	public View rules() {
		LiveRoutingRules.Snapshot snapshot = live.snapshot();
		RoutingRules rules = snapshot.rules();
		LiveRoutingRules.Rejection rejection = live.lastRejection();
		return new View(file.toString(), rules.version(), snapshot.loadedAt(), rules.mode().wireName(),
				rules.defaultTarget().wireName(), rules.cohortHeaders().tenant(), rules.cohortHeaders().account(),
				rules.rules().stream().map(RoutingEndpoint::describe).toList(), describe(rules.shadow()),
				(rejection != null) ? new RejectionView(rejection.at(), rejection.problems(),
						rejection.supersededBy() != null, rejection.supersededBy(), rejection.supersededAt()) : null);
	}

	private static Map<String, Object> describe(Rule rule) {
		Map<String, Object> view = new LinkedHashMap<>();
		view.put("name", rule.name());
		view.put("target", rule.target().wireName());
		putIfPresent(view, "paths",
				(rule.paths() != null) ? rule.paths().stream().map(Object::toString).toList() : null);
		putIfPresent(view, "methods", (rule.methods() != null) ? rule.methods().stream().sorted().toList() : null);
		putIfPresent(view, "platforms",
				(rule.platforms() != null) ? rule.platforms().stream().map(p -> p.wireName()).sorted().toList() : null);
		putIfPresent(view, "versions", (rule.versions() != null) ? rule.versions().toString() : null);
		putIfPresent(view, "tenants", (rule.tenants() != null) ? rule.tenants().stream().sorted().toList() : null);
		putIfPresent(view, "accounts", (rule.accounts() != null) ? rule.accounts().stream().sorted().toList() : null);
		if (rule.rollout() != null) {
			view.put("rollout", Map.of("percent", rule.rollout().percent(), "by",
					rule.rollout().by().name().toLowerCase(java.util.Locale.ROOT)));
		}
		return view;
	}

	/**
	 * The shadow section in force; a rule's methods are the ones it copies (GET and HEAD
	 * when it names none).
	 */
	private static Map<String, Object> describe(ShadowSection shadow) {
		Map<String, Object> view = new LinkedHashMap<>();
		view.put("percent", shadow.percent());
		view.put("noisePercent", shadow.noisePercent());
		view.put("rules", shadow.rules().stream().map(RoutingEndpoint::describe).toList());
		return view;
	}

	private static Map<String, Object> describe(ShadowRule rule) {
		Map<String, Object> view = new LinkedHashMap<>();
		view.put("name", rule.name());
		putIfPresent(view, "paths",
				(rule.paths() != null) ? rule.paths().stream().map(Object::toString).toList() : null);
		view.put("methods",
				((rule.methods() != null) ? rule.methods() : ShadowRule.SAFE_METHODS).stream().sorted().toList());
		view.put("idempotent", rule.idempotent());
		view.put("repeatable", rule.repeatable());
		putIfPresent(view, "room", (rule.room() != null) ? rule.room().toString() : null);
		ShadowComparison compare = rule.compare();
		Map<String, Object> comparison = new LinkedHashMap<>();
		comparison.put("legacy", compare.legacy());
		comparison.put("falcon", compare.falcon());
		comparison.put("ignore", compare.ignore().stream().map(Object::toString).toList());
		comparison.put("unordered", compare.unordered().stream().map(Object::toString).toList());
		comparison.put("status", compare.status());
		view.put("compare", comparison);
		return view;
	}

	private static void putIfPresent(Map<String, Object> view, String key, @Nullable Object value) {
		if (value != null) {
			view.put(key, value);
		}
	}

	/** The routing view as JSON. */
	public record View(String file, String version, Instant loadedAt, String mode, @Nullable String defaultTarget,
			String tenantHeader, String accountHeader, List<Map<String, Object>> rules, Map<String, Object> shadow,
			@Nullable RejectionView lastRejection) {
	}

	/**
	 * The last file refused since start-up. Kept after a later file is applied, as the
	 * answer to "why was my change refused", but marked superseded so that nobody reads
	 * it as the state of the file now.
	 *
	 * @param at when the file was refused
	 * @param problems each problem as {@code field: reason}
	 * @param superseded whether a file was applied after it
	 * @param supersededBy the version of that file, or {@code null}
	 * @param supersededAt when that file was applied, or {@code null}
	 */
	public record RejectionView(Instant at, List<String> problems, boolean superseded, @Nullable String supersededBy,
			@Nullable Instant supersededAt) {
	}

}
