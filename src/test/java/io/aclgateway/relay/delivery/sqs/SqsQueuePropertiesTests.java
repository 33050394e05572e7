package io.aclgateway.relay.delivery.sqs;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Binding of the queue keys of {@code acl.events.*} as operators write them: YAML keys
 * and environment variables.
 */
class SqsQueuePropertiesTests {

	@Test
	void readsAPerCommandQueueFromAnEnvironmentVariable() {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
					new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
							Map.<String, Object>of("ACL_EVENTS_QUEUES_CHAT_READ", "https://sqs/reads.fifo",
									"ACL_EVENTS_QUEUE_URL", "https://sqs/q.fifo")));
		ConfigurationPropertySources.attach(environment);

		SqsQueueProperties events = Binder.get(environment)
			.bindOrCreate(SqsQueueProperties.PREFIX, SqsQueueProperties.class);

		assertThat(events.queues()).containsExactly(Map.entry("chat_read", "https://sqs/reads.fifo"));
	}

	@Test
	void readsAPerCommandQueueWrittenWithItsUnderscore() {
		SqsQueueProperties events = new Binder(
				new MapConfigurationPropertySource(Map.of("acl.events.queues.task_add", "https://sqs/tasks.fifo")))
			.bindOrCreate(SqsQueueProperties.PREFIX, SqsQueueProperties.class);

		assertThat(events.queues()).containsExactly(Map.entry("task_add", "https://sqs/tasks.fifo"));
	}

	@Test
	void refusesAQueueKeyThatIsNoLegacyCommandNamingItAndEveryCommand() {
		Binder binder = new Binder(
				new MapConfigurationPropertySource(Map.of("acl.events.queues.chat_pin", "https://sqs/pins.fifo")));

		assertThatThrownBy(() -> binder.bindOrCreate(SqsQueueProperties.PREFIX, SqsQueueProperties.class)).rootCause()
			.hasMessage("acl.events.queues.chat_pin is not a legacy command; the keys are chat_add, chat_delete, "
					+ "chat_edit, chat_read, member_add, member_delete, room_add, room_delete, room_edit, task_add, "
					+ "task_done");
	}

}
