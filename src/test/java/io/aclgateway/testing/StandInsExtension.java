package io.aclgateway.testing;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import org.springframework.test.context.junit.jupiter.SpringExtension;

/**
 * The JUnit side of {@link GatewayIntegrationTest}: hands the class's {@link StandIns} to constructors
 * and methods that ask for them, resets WireMock before each test and stops the stand-ins after the
 * class (the gateway's context may stay cached, as Spring caches contexts, but talks to nothing).
 */
final class StandInsExtension implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback, ParameterResolver {

	private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(StandIns.class);

	@Override
	public void beforeAll(ExtensionContext context) {
		// Boots the gateway now, so that the stand-ins exist before the first test instance asks for them.
		StandIns standIns = SpringExtension.getApplicationContext(context).getBean(StandIns.class);
		context.getStore(NAMESPACE).put(StandIns.class, standIns);
	}

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

	private static StandIns standIns(ExtensionContext context) {
		return context.getStore(NAMESPACE).get(StandIns.class, StandIns.class);
	}

}
