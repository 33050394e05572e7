package io.aclgateway.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.annotation.AliasFor;
import org.springframework.test.context.ContextCustomizerFactories;

/**
 * A booted-gateway integration test: the whole application on random public and
 * management ports, with its {@link StandIns} (WireMock for Falcon and legacy, an
 * embedded ElasticMQ) started for this class alone, their addresses, a routing file and
 * the queue given to the gateway as properties of this test's context (never as JVM-wide
 * system properties). A test gets the stand-ins as a constructor or method parameter of
 * type {@link StandIns}; WireMock stubs and recorded requests are reset before each test,
 * and the stand-ins stop after the class.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ContextCustomizerFactories(StandInsContextCustomizerFactory.class)
@ExtendWith(StandInsExtension.class)
public @interface GatewayIntegrationTest {

	/**
	 * The routing file the gateway boots with (written to a temporary directory of the
	 * class).
	 */
	String routing() default "default: legacy\n";

	/**
	 * The upstreams a WireMock stands in for; one left out gets {@link StandIns#NOWHERE},
	 * an address nothing listens on (a test with its own upstream server sets
	 * {@code acl.*.uri} itself).
	 */
	StandIns.Upstream[] upstreams() default { StandIns.Upstream.FALCON, StandIns.Upstream.LEGACY };

	/**
	 * Queues to create on an embedded ElasticMQ, FIFO when the name ends in
	 * {@code .fifo}; none starts no ElasticMQ. The first is {@code acl.events.queue-url},
	 * events are signed with {@link SignedEvents#SECRET}, and each queue's URL is also
	 * the property {@code stand-ins.queue-url.<name>}, for a test's own properties to
	 * refer to.
	 */
	String[] queues() default {};

	/**
	 * More properties of the gateway, {@code key=value}; they win over what the stand-ins
	 * set.
	 */
	@AliasFor(annotation = SpringBootTest.class, attribute = "properties")
	String[] properties() default {};

}
