package io.aclgateway.relay.intake;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Binding of {@code acl.events.*} as operators write it: YAML keys and environment variables. */
class EventsPropertiesTests {

	@Test
	void readsAPerCommandQueueFromAnEnvironmentVariable() {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, new SystemEnvironmentPropertySource(
					StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
					Map.<String, Object>of("ACL_EVENTS_QUEUES_CHAT_READ", "https://sqs/reads.fifo", "ACL_EVENTS_QUEUE_URL",
							"https://sqs/q.fifo")));
		ConfigurationPropertySources.attach(environment);

		EventsProperties events = Binder.get(environment).bindOrCreate(EventsProperties.PREFIX, EventsProperties.class);

		assertThat(events.queues()).containsExactly(Map.entry("chat_read", "https://sqs/reads.fifo"));
	}

	@Test
	void readsAPerCommandQueueWrittenWithItsUnderscore() {
		EventsProperties events = new Binder(new MapConfigurationPropertySource(
				Map.of("acl.events.queues.task_add", "https://sqs/tasks.fifo")))
			.bindOrCreate(EventsProperties.PREFIX, EventsProperties.class);

		assertThat(events.queues()).containsExactly(Map.entry("task_add", "https://sqs/tasks.fifo"));
	}

	@Test
	void refusesAQueueKeyThatIsNoLegacyCommandNamingItAndEveryCommand() {
		Binder binder = new Binder(new MapConfigurationPropertySource(
				Map.of("acl.events.queues.chat_pin", "https://sqs/pins.fifo")));

		assertThatThrownBy(() -> binder.bindOrCreate(EventsProperties.PREFIX, EventsProperties.class))
			.rootCause()
			.hasMessage("acl.events.queues.chat_pin is not a legacy command; the keys are chat_add, chat_delete, "
					+ "chat_edit, chat_read, member_add, member_delete, room_add, room_delete, room_edit, task_add, "
					+ "task_done");
	}

	@Test
	void neverShowsTheSigningSecretsWhenPrinted() {
		EventsProperties events = new Binder(new MapConfigurationPropertySource(
				Map.of("acl.events.signing-secrets", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")))
			.bindOrCreate(EventsProperties.PREFIX, EventsProperties.class);

		assertThat(events.signingSecrets()).hasSize(1);
		assertThat(events.toString()).doesNotContain("MfKQ9r8").contains("1 hidden");
	}

}
