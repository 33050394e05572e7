package io.aclgateway.relay.view;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks, and where allowed creates, the facts topic (docs/design/relay-state.md 5.1):
 * the source's partition count, {@code cleanup.policy=delete}, a day's retention. Unlike
 * the state topics a missing or unfit facts topic does not stop the start (a gateway
 * replica serves without Kafka): the view stays unknown and the check is tried again.
 */
final class FactsTopic {

	private static final Logger logger = LoggerFactory.getLogger(FactsTopic.class);

	/** Facts matter for minutes; a day keeps them for an operator's look. */
	static final Duration RETENTION = Duration.ofDays(1);

	private static final long TIMEOUT_SECONDS = 10;

	/** How long closing an admin client may wait for its unanswered calls. */
	static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(1);

	private FactsTopic() {
	}

	/**
	 * Makes sure the facts topic of the source is there and fit, creating it if allowed.
	 * @throws IllegalStateException naming the topic and what is wrong with it, or what
	 * failed
	 */
	static void prepare(Admin admin, String source, String facts, boolean create) {
		int partitions = describe(admin, source)
			.orElseThrow(() -> new IllegalStateException("Room view: the source topic " + source
					+ " does not exist, so its facts topic " + facts + " cannot be checked"))
			.partitions()
			.size();
		Optional<TopicDescription> existing = describe(admin, facts);
		if (existing.isEmpty()) {
			if (!create) {
				throw new IllegalStateException("Room view: the facts topic " + facts
						+ " does not exist (create it with " + partitions + " partitions, as the source " + source
						+ ", cleanup.policy=delete, retention.ms=86400000, or set acl.events.kafka.state.create-topics=true)");
			}
			create(admin, facts, partitions);
			return;
		}
		int factsPartitions = existing.get().partitions().size();
		if (factsPartitions != partitions) {
			throw new IllegalStateException("Room view: the facts topic " + facts + " has " + factsPartitions
					+ " partitions, its source " + source + " has " + partitions + ": they must be equal");
		}
		String policy = cleanupPolicy(admin, facts);
		if (!List.of(policy.split(",")).contains(TopicConfig.CLEANUP_POLICY_DELETE)) {
			throw new IllegalStateException("Room view: the facts topic " + facts + " has cleanup.policy=" + policy
					+ ", it must be delete (compaction would keep one fact per room, not its transitions)");
		}
	}

	private static Optional<TopicDescription> describe(Admin admin, String topic) {
		try {
			return Optional.ofNullable(admin.describeTopics(List.of(topic))
				.allTopicNames()
				.get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
				.get(topic));
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof UnknownTopicOrPartitionException) {
				return Optional.empty();
			}
			throw new IllegalStateException("Room view: cannot describe the topic " + topic, ex.getCause());
		}
		catch (InterruptedException | TimeoutException ex) {
			throw failed("describe the topic " + topic, ex);
		}
	}

	private static String cleanupPolicy(Admin admin, String topic) {
		ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
		try {
			Config config = admin.describeConfigs(List.of(resource))
				.all()
				.get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
				.get(resource);
			ConfigEntry policy = (config != null) ? config.get(TopicConfig.CLEANUP_POLICY_CONFIG) : null;
			return (policy != null && policy.value() != null) ? policy.value() : "(unknown)";
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException("Room view: cannot read the configuration of the topic " + topic,
					ex.getCause());
		}
		catch (InterruptedException | TimeoutException ex) {
			throw failed("read the configuration of the topic " + topic, ex);
		}
	}

	private static void create(Admin admin, String topic, int partitions) {
		try {
			int brokers = admin.describeCluster().nodes().get(TIMEOUT_SECONDS, TimeUnit.SECONDS).size();
			short replication = (short) Math.max(1, Math.min(3, brokers));
			Map<String, String> settings = Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE,
					TopicConfig.RETENTION_MS_CONFIG, Long.toString(RETENTION.toMillis()));
			admin.createTopics(List.of(new NewTopic(topic, partitions, replication).configs(settings)))
				.all()
				.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
			logger.info("Room view: created the facts topic {} ({} partitions, replication {}, retention {})", topic,
					partitions, replication, RETENTION);
		}
		catch (ExecutionException ex) {
			// Created meanwhile by another replica (or by this one's other client): fine.
			if (!(ex.getCause() instanceof TopicExistsException)) {
				throw new IllegalStateException("Room view: cannot create the facts topic " + topic, ex.getCause());
			}
		}
		catch (InterruptedException | TimeoutException ex) {
			throw failed("create the facts topic " + topic, ex);
		}
	}

	private static IllegalStateException failed(String what, Exception ex) {
		if (ex instanceof InterruptedException) {
			Thread.currentThread().interrupt();
		}
		return new IllegalStateException("Room view: cannot " + what, ex);
	}

}
