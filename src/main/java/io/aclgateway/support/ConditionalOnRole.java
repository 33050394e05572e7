package io.aclgateway.support;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.context.annotation.Conditional;

/**
 * A bean of one half of acl-gateway: created only when {@code acl.role} (default
 * {@code both}) is one of the given roles.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.TYPE, ElementType.METHOD })
@Documented
@Conditional(OnRoleCondition.class)
public @interface ConditionalOnRole {

	/** The roles that run the bean. */
	InstanceRole[] value();

}
