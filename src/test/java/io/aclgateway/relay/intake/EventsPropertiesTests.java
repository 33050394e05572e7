package io.aclgateway.relay.intake;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/** Binding of {@code POST /events}' own {@code acl.events.*} keys. */
class EventsPropertiesTests {

	@Test
	void neverShowsTheSigningSecretsWhenPrinted() {
		EventsProperties events = new Binder(new MapConfigurationPropertySource(
				Map.of("acl.events.signing-secrets", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")))
			.bindOrCreate(EventsProperties.PREFIX, EventsProperties.class);

		assertThat(events.signingSecrets()).hasSize(1);
		assertThat(events.toString()).doesNotContain("MfKQ9r8").contains("1 hidden");
	}

}
