package io.aclgateway.bench;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The stack's own ceiling: Spring Cloud Gateway with one catch-all route and nothing of ours, on
 * the same classpath, pool settings and JVM flags as the gateway, with tracing, observations and
 * gateway metrics off. bench/run.sh drives it like the other routing paths, so that the distance
 * from nginx splits into what the stack costs and what acl-gateway adds.
 *
 * <p>Run by bench/run.sh as {@code java -cp <runtime classpath> io.aclgateway.bench.BareGateway}
 * with {@code -Dspring.config.name=bare-gateway} (there is no such file: the gateway's
 * application.yml is not read) and every setting as a system property.
 */
@SpringBootApplication
public class BareGateway {

	public static void main(String[] args) {
		SpringApplication.run(BareGateway.class, args);
	}

}
