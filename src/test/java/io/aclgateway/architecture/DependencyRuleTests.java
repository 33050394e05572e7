package io.aclgateway.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The domain (client classification, routing rules, translations) stays free of frameworks. */
class DependencyRuleTests {

	private static final String[] DOMAIN = { "io.aclgateway.routing.client..", "io.aclgateway.routing.rules..",
			"io.aclgateway.relay.contract..", "io.aclgateway.relay.translation.." };

	private static final String[] FRAMEWORKS = { "org.springframework..", "software.amazon..", "reactor..",
			"io.netty..", "io.micrometer..", "jakarta.." };

	private final JavaClasses classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("io.aclgateway");

	@Test
	void theDomainImportsNoSpringAwsReactorNettyOrMicrometer() {
		noClasses().that()
			.resideInAnyPackage(DOMAIN)
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage(FRAMEWORKS)
			.allowEmptyShould(true)
			.check(classes);
	}

	@Test
	void routingAndTheEventRelayDoNotDependOnEachOther() {
		noClasses().that()
			.resideInAPackage("io.aclgateway.routing..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("io.aclgateway.relay..")
			.allowEmptyShould(true)
			.check(classes);
		noClasses().that()
			.resideInAPackage("io.aclgateway.relay..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("io.aclgateway.routing..")
			.allowEmptyShould(true)
			.check(classes);
	}

}
