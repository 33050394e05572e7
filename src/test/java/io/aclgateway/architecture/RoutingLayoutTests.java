package io.aclgateway.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * Routing's rooms (proxy, reload, resilience, hygiene, and the domain of client and
 * rules) depend on each other in one direction only: proxy is the floor the filters stand
 * on, reload knows nothing of the proxy, and no room reaches back into one that builds on
 * it.
 */
class RoutingLayoutTests {

	private final JavaClasses classes = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("io.aclgateway.routing");

	@Test
	void routingRoomsHaveNoDependencyCycle() {
		slices().matching("io.aclgateway.routing.(*)..").should().beFreeOfCycles().check(classes);
	}

	@Test
	void theProxyRoomDependsOnNoFilterRoom() {
		noClasses().that()
			.resideInAPackage("io.aclgateway.routing.proxy..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("io.aclgateway.routing.resilience..", "io.aclgateway.routing.hygiene..")
			.check(classes);
	}

	@Test
	void theReloadRoomKnowsNothingOfTheProxy() {
		noClasses().that()
			.resideInAPackage("io.aclgateway.routing.reload..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("io.aclgateway.routing.proxy..", "io.aclgateway.routing.resilience..",
					"io.aclgateway.routing.hygiene..")
			.check(classes);
	}

	@Test
	void everyGlobalFilterIsNamedForItsRole() {
		classes().that()
			.implement("org.springframework.cloud.gateway.filter.GlobalFilter")
			.or()
			.implement("org.springframework.web.server.WebFilter")
			.or()
			.implement("org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter")
			.should()
			.haveSimpleNameEndingWith("Filter")
			.check(classes);
	}

}
