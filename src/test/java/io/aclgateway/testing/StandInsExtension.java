package io.aclgateway.testing;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import org.springframework.test.context.junit.jupiter.SpringExtension;

/**
 * The JUnit side of {@link GatewayIntegrationTest}: hands the class's {@link StandIns} to
 * constructors and methods that ask for them, resets WireMock before each test and stops
 * the stand-ins after the class (the gateway's context may stay cached, as Spring caches
 * contexts, but talks to nothing).
 */
final class StandInsExtension implements BeforeEachCallback, AfterAllCallback, ParameterResolver {

	private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(StandIns.class);

	@Override
	public void beforeEach(ExtensionContext context) {
		standIns(context).reset();
	}

	@Override
	public void afterAll(ExtensionContext context) {
		StandIns standIns = context.getStore(NAMESPACE).get(StandIns.class, StandIns.class);
		if (standIns != null) {
			standIns.close();
		}
	}

	@Override
	public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
		return parameter.getParameter().getType() == StandIns.class;
	}

	@Override
	public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
		return standIns(context);
	}

	/**
	 * The class's stand-ins, from its context, which this loads when it is not yet (as
	 * late as Spring would, so that a test's own static extensions, a WireMock the
	 * context refers to, have started).
	 */
	private static StandIns standIns(ExtensionContext context) {
		ExtensionContext classContext = context;
		while (classContext.getTestMethod().isPresent() && classContext.getParent().isPresent()) {
			classContext = classContext.getParent().get();
		}
		ExtensionContext.Store store = classContext.getStore(NAMESPACE);
		StandIns standIns = store.get(StandIns.class, StandIns.class);
		if (standIns == null) {
			standIns = SpringExtension.getApplicationContext(classContext).getBean(StandIns.class);
			store.put(StandIns.class, standIns);
		}
		return standIns;
	}

}
