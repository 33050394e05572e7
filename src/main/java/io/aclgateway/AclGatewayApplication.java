package io.aclgateway;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.ConfigurableApplicationContext;

import sun.misc.Signal;

/** The anti-corruption gateway between client apps, the legacy PHP system and Falcon. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class AclGatewayApplication {

	public static void main(String[] args) {
		ConfigurableApplicationContext context = SpringApplication.run(AclGatewayApplication.class, args);
		exitCleanlyOn("TERM", context);
		exitCleanlyOn("INT", context);
	}

	/**
	 * operations.md: on SIGTERM, shut down gracefully and exit 0. The JVM's default answer to the
	 * signal is exit code 143 even after a clean shutdown, which reads as a crash to operators.
	 */
	private static void exitCleanlyOn(String signal, ConfigurableApplicationContext context) {
		Signal.handle(new Signal(signal), received -> System.exit(SpringApplication.exit(context, () -> 0)));
	}

}
