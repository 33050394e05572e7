package io.aclgateway.testing;

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;
import org.springframework.test.context.TestContextAnnotationUtils;
import org.springframework.test.context.support.TestPropertySourceUtils;

/**
 * Starts a {@link GatewayIntegrationTest}'s stand-ins as its context is created, puts
 * their properties in that context's environment and the {@link StandIns} in it as a
 * bean, closed with the context.
 */
final class StandInsContextCustomizerFactory implements ContextCustomizerFactory {

	@Override
	public @Nullable ContextCustomizer createContextCustomizer(Class<?> testClass,
			List<ContextConfigurationAttributes> configAttributes) {
		GatewayIntegrationTest test = TestContextAnnotationUtils.findMergedAnnotation(testClass,
				GatewayIntegrationTest.class);
		return (test != null) ? new Customizer(testClass, test) : null;
	}

	/**
	 * One per test class (equal only for the same class), so no two classes share
	 * stand-ins or a gateway.
	 */
	private record Customizer(Class<?> testClass, GatewayIntegrationTest test) implements ContextCustomizer {

		@Override
		public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration config) {
			StandIns standIns = StandIns.start(test);
			MutablePropertySources sources = context.getEnvironment().getPropertySources();
			MapPropertySource properties = new MapPropertySource("stand-ins", standIns.properties());
			// Below the test's own properties, so that a test can override any of these.
			if (sources.contains(TestPropertySourceUtils.INLINED_PROPERTIES_PROPERTY_SOURCE_NAME)) {
				sources.addAfter(TestPropertySourceUtils.INLINED_PROPERTIES_PROPERTY_SOURCE_NAME, properties);
			}
			else {
				sources.addFirst(properties);
			}
			((GenericApplicationContext) context).registerBean("standIns", StandIns.class, () -> standIns);
			context.addApplicationListener(new ChildContextsCloser(context));
		}

	}

}
