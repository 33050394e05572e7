package io.aclgateway.routing.reload;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The reload interval keeps routing.md's promise that a change is in force within 5
 * seconds.
 */
class RoutingPropertiesTests {

	@ParameterizedTest
	@ValueSource(strings = { "PT0.001S", "PT1S", "PT4.999S" })
	void acceptsAReloadIntervalUnderFiveSeconds(String interval) {
		RoutingProperties properties = new RoutingProperties(Path.of("routing.yml"), false, Duration.parse(interval));

		assertThat(properties.reloadInterval()).isEqualTo(Duration.parse(interval));
	}

	@ParameterizedTest
	@ValueSource(strings = { "PT0S", "PT-1S", "PT5S", "PT10S", "PT1H" })
	void refusesAReloadIntervalThatIsNotPositiveOrBreaksTheFiveSecondPromiseNamingTheKeyAndValue(String interval) {
		Duration value = Duration.parse(interval);

		assertThatIllegalArgumentException()
			.isThrownBy(() -> new RoutingProperties(Path.of("routing.yml"), false, value))
			.withMessageContaining("acl.routing.reload-interval")
			.withMessageContaining(value.toMillis() + "ms");
	}

}
