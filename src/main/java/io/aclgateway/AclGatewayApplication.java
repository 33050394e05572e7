package io.aclgateway;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurationExcludeFilter;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.context.TypeExcludeFilter;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;

import sun.misc.Signal;

/**
 * The anti-corruption gateway between client apps, the legacy PHP system and Falcon.
 * {@code @SpringBootApplication} spelled out, to keep the management server's own
 * configuration ({@code @ManagementContextConfiguration}, loaded into its child context)
 * out of the main context.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@ComponentScan(excludeFilters = { @ComponentScan.Filter(type = FilterType.CUSTOM, classes = TypeExcludeFilter.class),
		@ComponentScan.Filter(type = FilterType.CUSTOM, classes = AutoConfigurationExcludeFilter.class),
		@ComponentScan.Filter(type = FilterType.ANNOTATION, classes = ManagementContextConfiguration.class) })
@ConfigurationPropertiesScan
public class AclGatewayApplication {

	public static void main(String[] args) {
		ConfigurableApplicationContext context = SpringApplication.run(AclGatewayApplication.class, args);
		exitCleanlyOn("TERM", context);
		exitCleanlyOn("INT", context);
	}

	/**
	 * operations.md: on SIGTERM, shut down gracefully and exit 0. The JVM's default
	 * answer to the signal is exit code 143 even after a clean shutdown, which reads as a
	 * crash to operators.
	 */
	private static void exitCleanlyOn(String signal, ConfigurableApplicationContext context) {
		Signal.handle(new Signal(signal), received -> System.exit(SpringApplication.exit(context, () -> 0)));
	}

}
