package io.aclgateway.support;

import java.util.Arrays;
import java.util.Map;
import java.util.Objects;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when {@code acl.role} is among those {@link ConditionalOnRole} names; bound as
 * {@link RoleProperties} binds it (relaxed: {@code relay}, {@code RELAY}).
 */
class OnRoleCondition extends SpringBootCondition {

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		Map<String, Object> attributes = Objects.requireNonNull(
				metadata.getAnnotationAttributes(ConditionalOnRole.class.getName()), "@ConditionalOnRole is present");
		InstanceRole[] roles = (InstanceRole[]) Objects.requireNonNull(attributes.get("value"), "roles are required");
		InstanceRole role = Binder.get(context.getEnvironment())
			.bind(InstanceRole.KEY, InstanceRole.class)
			.orElse(InstanceRole.BOTH);
		String roleList = Arrays.toString(roles);
		return Arrays.asList(roles).contains(role)
				? ConditionOutcome.match(InstanceRole.KEY + " is " + role + ", one of " + roleList)
				: ConditionOutcome.noMatch(InstanceRole.KEY + " is " + role + ", not one of " + roleList);
	}

}
