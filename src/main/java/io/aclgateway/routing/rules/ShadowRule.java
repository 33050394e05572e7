package io.aclgateway.routing.rules;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;

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
		boolean repeatable, @Nullable RoomTemplate room, ShadowComparison compare) {

	/**
	 * What a rule copies when it names no methods, and all it may copy unless idempotent.
	 */
	public static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD");

	/**
	 * Refuses a rule that would copy a method other than GET or HEAD without saying it is
	 * idempotent: a copied write would be a second write.
	 */
	public ShadowRule {
		Objects.requireNonNull(name, "name");
		Objects.requireNonNull(compare, "compare");
		paths = (paths != null) ? List.copyOf(paths) : null;
		methods = (methods != null) ? Set.copyOf(methods) : null;
		if (methods != null) {
			checkMethods(methods, idempotent);
		}
	}

	/**
	 * The one check of a rule's methods against its {@code idempotent}; the routing file
	 * parser reports its message under the field's name.
	 */
	static void checkMethods(Set<String> methods, boolean idempotent) {
		Set<String> unsafe = new TreeSet<>(methods);
		unsafe.removeAll(SAFE_METHODS);
		if (!idempotent && !unsafe.isEmpty()) {
			throw new IllegalArgumentException(String.join(", ", unsafe)
					+ " may be copied only by a rule marked 'idempotent: true' (otherwise GET and HEAD only)");
		}
	}

	/** Whether the rule selects the request (its method and path). */
	public boolean selects(RouteRequest request) {
		String method = request.method().toUpperCase(Locale.ROOT);
		return (paths == null || paths.stream().anyMatch(p -> p.matches(request.path())))
				&& ((methods != null) ? methods : SAFE_METHODS).contains(method);
	}

	/** The room id in a request path (normal form), when the rule says where it sits. */
	public OptionalLong roomId(String path) {
		return (room != null) ? room.roomId(path) : OptionalLong.empty();
	}

}
