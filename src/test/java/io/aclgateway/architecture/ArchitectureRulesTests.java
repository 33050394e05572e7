package io.aclgateway.architecture;

import java.util.List;
import java.util.Set;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dependency directions the layout promises, checked on the compiled main classes.
 * Packages are named by their place in the tree ({@code routing..},
 * {@code relay.delivery..}), not by the classes in them, so a class may move between the
 * rooms of a package without touching a rule; a rule whose packages are gone fails
 * (ArchUnit refuses an empty {@code that()}), so a rename brings the rule along instead
 * of leaving it checking nothing.
 */
class ArchitectureRulesTests {

	private static final String ROUTING = "io.aclgateway.routing..";

	private static final String RELAY = "io.aclgateway.relay..";

	private static final String DELIVERY = "io.aclgateway.relay.delivery..";

	private static final String SQS = "io.aclgateway.relay.delivery.sqs..";

	private static final String INTAKE = "io.aclgateway.relay.intake..";

	/** Client classification, routing rules, the Falcon contract and its translation. */
	private static final String[] DOMAIN = { "io.aclgateway.routing.client..", "io.aclgateway.routing.rules..",
			"io.aclgateway.relay.contract..", "io.aclgateway.relay.translation..", "io.aclgateway.shadow.compare.." };

	private static final String[] FRAMEWORKS = { "org.springframework..", "software.amazon..", "reactor..",
			"io.netty..", "io.micrometer..", "jakarta.." };

	private static final String AWS = "software.amazon..";

	/**
	 * The classes that read or write JSON with Jackson, each for a reason: the envelope
	 * and data of Falcon's events, the legacy message bodies, the body of
	 * {@code POST /events} read into documents, the parsed document an intake hands the
	 * relay (the reader validates it; a Kafka record will be one too), the JSON error
	 * bodies, a Kafka record's room and roomseq read before it is relayed (RecordRoom),
	 * the relay's per-room state records (RoomStateJson), and the dead letter's body (the
	 * original record's value carried as JSON), and the shadow comparator (the two
	 * answers' bodies read as trees to compare them field by field). A new class that
	 * needs Jackson is added here on purpose.
	 */
	private static final Set<String> JACKSON_USERS = Set.of("io.aclgateway.relay.contract.FalconEventReader",
			"io.aclgateway.relay.translation.LegacyTranslator", "io.aclgateway.relay.intake.EventsBody",
			"io.aclgateway.relay.core.IncomingEvent", "io.aclgateway.support.ErrorDialect",
			"io.aclgateway.relay.intake.kafka.CloudEventRecords", "io.aclgateway.relay.intake.kafka.RecordRoom",
			"io.aclgateway.relay.intake.kafka.state.RoomStateJson",
			"io.aclgateway.relay.delivery.sqs.DeadLetterMessages", "io.aclgateway.shadow.compare.AnswerComparator");

	/**
	 * The classes that read YAML: the one strict reader of the files operators edit, and
	 * the parsers of those files (the routing file, the relay's release file), which
	 * catch its syntax errors to report them as a file's problems.
	 */
	private static final Set<String> SNAKEYAML_USERS = Set.of("io.aclgateway.support.StrictYaml",
			"io.aclgateway.routing.rules.RoutingFileParser", "io.aclgateway.relay.release.ReleaseFileParser");

	private static final String JACKSON = "tools.jackson..";

	private static final String SNAKEYAML = "org.yaml..";

	private static final JavaClasses CLASSES = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("io.aclgateway");

	@Test
	void routingDoesNotDependOnTheRelay() {
		noClasses().that()
			.resideInAPackage(ROUTING)
			.should()
			.dependOnClassesThat()
			.resideInAPackage(RELAY)
			.check(CLASSES);
	}

	@Test
	void theRelayDoesNotDependOnRouting() {
		noClasses().that()
			.resideInAPackage(RELAY)
			.should()
			.dependOnClassesThat()
			.resideInAPackage(ROUTING)
			.check(CLASSES);
	}

	@Test
	void deliveryOutsideItsSqsAdapterKnowsNoAwsType() {
		noClasses().that()
			.resideInAPackage(DELIVERY)
			.and()
			.resideOutsideOfPackage(SQS)
			.should()
			.dependOnClassesThat()
			.resideInAPackage(AWS)
			.check(CLASSES);
	}

	@Test
	void intakeKnowsNeitherTheSqsAdapterNorAws() {
		noClasses().that()
			.resideInAPackage(INTAKE)
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage(SQS, AWS)
			.check(CLASSES);
	}

	@Test
	void intakesReachTheQueueOnlyThroughTheRelayUseCase() {
		noClasses().that()
			.resideInAPackage(INTAKE)
			.should()
			.dependOnClassesThat()
			.resideInAPackage("io.aclgateway.relay.delivery..")
			.check(CLASSES);
	}

	@Test
	void theRelayUseCaseKnowsNoSpringAwsNettyOrWebLayer() {
		// Reactor (its Mono answers) and Micrometer (its one metered decorator) are
		// allowed here.
		noClasses().that()
			.resideInAPackage("io.aclgateway.relay.core..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("org.springframework..", AWS, "io.netty..", "jakarta..")
			.check(CLASSES);
	}

	@Test
	void theDomainImportsNoSpringAwsReactorNettyMicrometerOrJakarta() {
		noClasses().that()
			.resideInAnyPackage(DOMAIN)
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage(FRAMEWORKS)
			.check(CLASSES);
	}

	@Test
	void onlyTheNamedParsingClassesUseJackson() {
		noClasses().that(areNotAmong(JACKSON_USERS))
			.should()
			.dependOnClassesThat()
			.resideInAPackage(JACKSON)
			.because("JSON is read and written in the classes ArchitectureRulesTests.JACKSON_USERS names")
			.check(CLASSES);
		assertStillUsers(JACKSON_USERS, JACKSON);
	}

	@Test
	void onlyTheNamedYamlReadersUseSnakeYaml() {
		noClasses().that(areNotAmong(SNAKEYAML_USERS))
			.should()
			.dependOnClassesThat()
			.resideInAPackage(SNAKEYAML)
			.because("YAML is read in the classes ArchitectureRulesTests.SNAKEYAML_USERS names")
			.check(CLASSES);
		assertStillUsers(SNAKEYAML_USERS, SNAKEYAML);
	}

	@Test
	void noCycleBetweenPackages() {
		slices().matching("io.aclgateway.(**)").should().beFreeOfCycles().check(CLASSES);
	}

	/**
	 * A class named in an allowance that no longer uses the library leaves the list, too.
	 */
	private static void assertStillUsers(Set<String> named, String library) {
		DescribedPredicate<JavaClass> inLibrary = JavaClass.Predicates.resideInAPackage(library);
		List<String> stale = named.stream()
			.filter((name) -> !CLASSES.contain(name) || CLASSES.get(name)
				.getDirectDependenciesFromSelf()
				.stream()
				.noneMatch((dependency) -> inLibrary.test(dependency.getTargetClass())))
			.sorted()
			.toList();
		assertThat(stale).as("named as users of %s but not using it (or gone): remove them from the list", library)
			.isEmpty();
	}

	/** Neither one of the named classes nor a class nested in one. */
	private static DescribedPredicate<JavaClass> areNotAmong(Set<String> named) {
		return DescribedPredicate.describe("are not among " + named.stream().sorted().toList(),
				(javaClass) -> !named.contains(topLevel(javaClass).getName()));
	}

	private static JavaClass topLevel(JavaClass javaClass) {
		JavaClass outer = javaClass;
		while (outer.getEnclosingClass().isPresent()) {
			outer = outer.getEnclosingClass().get();
		}
		return outer;
	}

}
