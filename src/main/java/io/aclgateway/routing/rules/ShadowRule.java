package io.aclgateway.routing.rules;

import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * One rule of the routing file's {@code shadow} section (shadow.md section 1): which
 * requests routed to legacy are copied to Falcon, whether legacy may be asked twice,
 * where the room id sits in the path, and what is compared.
 *
 * @param name the rule's name, unique in the section (a metric tag)
 * @param paths the path conditions, as routing rules' ({@code null}: any path)
 * @param methods the methods copied ({@code null}: GET and HEAD)
 * @param idempotent whether methods other than GET and HEAD may be listed
 * @param repeatable whether legacy may be asked twice (noise samples, legacy re-reads)
 * @param room where the room id sits in the path ({@code null}: no room, never
 * {@code lagging})
 * @param compare what is compared
 */
public record ShadowRule(String name, @Nullable List<PathGlob> paths, @Nullable Set<String> methods, boolean idempotent,
		boolean repeatable, @Nullable PathGlob room, ShadowComparison compare) {

	public ShadowRule {
		Objects.requireNonNull(name, "name");
		Objects.requireNonNull(compare, "compare");
		paths = (paths != null) ? List.copyOf(paths) : null;
		methods = (methods != null) ? Set.copyOf(methods) : null;
	}

	/** Whether the rule selects the request (its method and path). */
	public boolean selects(RouteRequest request) {
		// TODO(shadow-rules): paths, methods (GET/HEAD by default), as Rule.matches
		return false;
	}

	/** The room id in a request path (normal form), when the rule says where it sits. */
	public OptionalLong roomId(String path) {
		// TODO(shadow-rules): the {rid} segment of 'room', decimal
		return OptionalLong.empty();
	}

}
