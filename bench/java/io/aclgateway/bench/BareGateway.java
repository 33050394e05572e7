package io.aclgateway.bench;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The stack's own ceiling: Spring Cloud Gateway with one catch-all route and nothing of ours, on
 * the same classpath, pool settings and JVM flags as the gateway, with tracing, observations and
 * gateway metrics off. bench/run.sh drives it like the other routing paths, so that the distance
 * from nginx splits into what the stack costs and what acl-gateway adds.
 *
 * <p>Run by bench/run.sh, bench/profile.sh and bench/cpu-split.sh as {@code java -cp <runtime
 * classpath> io.aclgateway.bench.BareGateway} with bench/bare-gateway.properties as its only
 * configuration file ({@code spring.config.location}) and its ports and upstream as system
 * properties (bench/lib.sh's {@code bare_gateway_settings}).
 */
@SpringBootApplication
public class BareGateway {

	public static void main(String[] args) {
		SpringApplication.run(BareGateway.class, args);
	}

}
