package io.aclgateway.support;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** The bounds on client connections refuse values that would refuse every request. */
class ClientConnectionPropertiesTests {

	private static final ClientConnectionProperties.Lingering LINGERING = new ClientConnectionProperties.Lingering(
			Duration.ofSeconds(30), Duration.ofSeconds(5), DataSize.ofMegabytes(64));

	@Test
	void refusesAHeaderTimeoutThatIsNotPositiveNamingTheKeyAndTheValue() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new ClientConnectionProperties(Duration.ofSeconds(20), Duration.ZERO, LINGERING))
			.withMessage("acl.server.header-timeout must be more than 0, was PT0S");
		assertThatIllegalArgumentException().isThrownBy(
				() -> new ClientConnectionProperties(Duration.ofSeconds(20), Duration.ofSeconds(-1), LINGERING));
	}

	@Test
	void takesAPositiveHeaderTimeout() {
		assertThat(
				new ClientConnectionProperties(Duration.ofSeconds(20), Duration.ofMillis(1), LINGERING).headerTimeout())
			.isEqualTo(Duration.ofMillis(1));
	}

}
