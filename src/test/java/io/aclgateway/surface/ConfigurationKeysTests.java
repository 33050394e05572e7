package io.aclgateway.surface;

import java.lang.reflect.Constructor;
import java.lang.reflect.Parameter;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.util.ClassUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every {@code acl.*} key operators can set, with its type and default, read from the
 * {@code @ConfigurationProperties} records and compared with
 * {@code surface/configuration-keys.txt}: a renamed key, a changed type or default shows
 * as a diff.
 */
class ConfigurationKeysTests {

	@Test
	void theConfigurationKeysAreTheCommittedOnes() throws Exception {
		ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
		scanner.addIncludeFilter(new AnnotationTypeFilter(ConfigurationProperties.class));
		TreeSet<String> keys = new TreeSet<>();
		for (var candidate : scanner.findCandidateComponents("io.aclgateway")) {
			Class<?> type = ClassUtils.forName(Objects.requireNonNull(candidate.getBeanClassName()), null);
			String prefix = type.getAnnotation(ConfigurationProperties.class).value();
			assertThat(type.isRecord()).as(type + " is a record").isTrue();
			collect(prefix, type, keys);
		}

		assertThat(keys).as("keys found").isNotEmpty();
		Snapshot.assertMatch(Map.of("configuration-keys.txt", String.join("\n", keys) + "\n"));
	}

	private static void collect(String prefix, Class<?> record, TreeSet<String> keys) {
		RecordComponent[] components = record.getRecordComponents();
		Parameter[] parameters = canonicalConstructor(record).getParameters();
		for (int i = 0; i < components.length; i++) {
			RecordComponent component = components[i];
			String key = prefix + "." + kebab(component.getName());
			Class<?> type = component.getType();
			if (type.isRecord()) {
				collect(key, type, keys);
				continue;
			}
			// @DefaultValue sits on the constructor's parameter, where Spring Boot reads
			// it.
			DefaultValue defaults = parameters[i].getAnnotation(DefaultValue.class);
			String shown = (defaults == null) ? "(none)"
					: (defaults.value().length == 0) ? "(empty)" : String.join(",", defaults.value());
			if (Map.class.isAssignableFrom(type)) {
				key = key + ".*";
			}
			keys.add(key + " : " + typeName(component.getGenericType()) + " = " + shown);
		}
	}

	private static Constructor<?> canonicalConstructor(Class<?> record) {
		try {
			return record.getDeclaredConstructor(
					Arrays.stream(record.getRecordComponents()).map(RecordComponent::getType).toArray(Class<?>[]::new));
		}
		catch (NoSuchMethodException ex) {
			throw new IllegalStateException("every record has its canonical constructor", ex);
		}
	}

	private static String typeName(Type type) {
		if (type instanceof ParameterizedType parameterized) {
			return ((Class<?>) parameterized.getRawType()).getSimpleName()
					+ Arrays.stream(parameterized.getActualTypeArguments())
						.map(ConfigurationKeysTests::typeName)
						.collect(Collectors.joining(",", "<", ">"));
		}
		return (type instanceof Class<?> c) ? c.getSimpleName() : type.getTypeName();
	}

	private static String kebab(String name) {
		return name.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
	}

}
