package io.aclgateway.routing.rules;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import io.aclgateway.routing.client.Client;
import io.aclgateway.routing.client.Platform;

/**
 * One rule of the routing file. Every condition present must hold; a list condition holds
 * when any of its elements does; a rule without conditions matches everything.
 */
public record Rule(String name, Target target, @Nullable List<PathGlob> paths, @Nullable Set<String> methods,
		@Nullable Set<Platform> platforms, @Nullable VersionRange versions, @Nullable Set<String> tenants,
		@Nullable Set<String> accounts, @Nullable Rollout rollout) {

	public Rule {
		Objects.requireNonNull(name, "name");
		Objects.requireNonNull(target, "target");
		paths = (paths != null) ? List.copyOf(paths) : null;
		methods = (methods != null) ? Set.copyOf(methods) : null;
		platforms = (platforms != null) ? Set.copyOf(platforms) : null;
		tenants = (tenants != null) ? Set.copyOf(tenants) : null;
		accounts = (accounts != null) ? Set.copyOf(accounts) : null;
	}

	/** A rule that sends everything to the target. */
	public static Rule always(String name, Target target) {
		return new Rule(name, target, null, null, null, null, null, null, null);
	}

	public boolean matches(RouteRequest request) {
		Client client = request.client();
		return (paths == null || paths.stream().anyMatch(p -> p.matches(request.path())))
				&& (methods == null || methods.contains(request.method().toUpperCase(Locale.ROOT)))
				&& (platforms == null || platforms.contains(client.platform()))
				&& (versions == null || versions.includes(client.versionIfKnown()))
				&& (tenants == null || (client.tenant() != null && tenants.contains(client.tenant())))
				&& (accounts == null || (client.account() != null && accounts.contains(client.account())))
				&& (rollout == null || rollout.includes(client));
	}

}
