package io.aclgateway;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The anti-corruption gateway between client apps, the legacy PHP system and Falcon. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class AclGatewayApplication {

	public static void main(String[] args) {
		SpringApplication.run(AclGatewayApplication.class, args);
	}

}
