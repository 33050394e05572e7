package io.aclgateway.relay.intake.kafka.state;

import java.util.Collection;
import java.util.HashMap;
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
 * Checks, and where allowed creates, the state topic of each source topic
 * (docs/design/relay-state.md 5.1): it must exist, be compacted and have the source's
 * partition count, or the relay does not start.
 */
final class StateTopics {

	private static final Logger logger = LoggerFactory.getLogger(StateTopics.class);

	private static final long TIMEOUT_SECONDS = 30;

	private StateTopics() {
	}

	/**
	 * The source topics' ids, once every state topic is found fit (or created).
	 * @throws IllegalStateException naming the topic and what is wrong with it
	 */
	static Map<String, String> prepare(Admin admin, Collection<String> sources, KafkaStateProperties properties) {
		Map<String, String> topicIds = new HashMap<>();
		for (String source : sources) {
			TopicDescription sourceTopic = describe(admin, source)
				.orElseThrow(() -> new IllegalStateException("Kafka intake: the source topic " + source
						+ " does not exist, so its state topic cannot be checked"));
			int partitions = sourceTopic.partitions().size();
			String state = source + properties.topicSuffix();
			Optional<TopicDescription> stateTopic = describe(admin, state);
			if (stateTopic.isEmpty()) {
				if (!properties.createTopics()) {
					throw new IllegalStateException("Kafka intake: the state topic " + state
							+ " does not exist (create it compacted with " + partitions + " partitions, as the source "
							+ source + ", or set " + KafkaStateProperties.PREFIX + ".create-topics=true)");
				}
				if (create(admin, state, partitions)) {
					// Created as required; a describe right after may not see its
					// partitions yet.
					topicIds.put(source, sourceTopic.topicId().toString());
					continue;
				}
				// Created meanwhile by someone else (or not yet visible to this broker's
				// metadata): it is checked like any existing one.
				stateTopic = describeExisting(admin, state);
			}
			int statePartitions = stateTopic.map(topic -> topic.partitions().size()).orElse(0);
			if (statePartitions != partitions) {
				throw new IllegalStateException("Kafka intake: the state topic " + state + " has " + statePartitions
						+ " partitions, its source " + source + " has " + partitions
						+ ": they must be equal (each room's state lives in its source partition's number)");
			}
			String policy = cleanupPolicy(admin, state);
			if (!List.of(policy.split(",")).contains(TopicConfig.CLEANUP_POLICY_COMPACT)) {
				throw new IllegalStateException("Kafka intake: the state topic " + state + " has cleanup.policy="
						+ policy + ", it must be compact (the latest record per room is the room's state)");
			}
			topicIds.put(source, sourceTopic.topicId().toString());
		}
		return topicIds;
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
			throw new IllegalStateException("Kafka intake: cannot describe the topic " + topic, ex.getCause());
		}
		catch (InterruptedException | TimeoutException ex) {
			throw failed("describe the topic " + topic, ex);
		}
	}

	/**
	 * A topic known to exist, described once its metadata has reached the broker asked.
	 */
	private static Optional<TopicDescription> describeExisting(Admin admin, String topic) {
		for (int attempt = 0; attempt < 50; attempt++) {
			Optional<TopicDescription> described = describe(admin, topic);
			if (described.isPresent() && !described.get().partitions().isEmpty()) {
				return described;
			}
			try {
				Thread.sleep(100);
			}
			catch (InterruptedException ex) {
				throw failed("describe the topic " + topic, ex);
			}
		}
		throw new IllegalStateException("Kafka intake: the topic " + topic + " exists but cannot be described");
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
			throw new IllegalStateException("Kafka intake: cannot read the configuration of the topic " + topic,
					ex.getCause());
		}
		catch (InterruptedException | TimeoutException ex) {
			throw failed("read the configuration of the topic " + topic, ex);
		}
	}

	/**
	 * Creates the topic with the design's settings (5.1), replication as far as the
	 * cluster allows; false when it exists already.
	 */
	private static boolean create(Admin admin, String topic, int partitions) {
		try {
			int brokers = admin.describeCluster().nodes().get(TIMEOUT_SECONDS, TimeUnit.SECONDS).size();
			short replication = (short) Math.max(1, Math.min(3, brokers));
			Map<String, String> settings = new HashMap<>();
			settings.put(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
			settings.put(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, Integer.toString(Math.min(2, replication)));
			settings.put(TopicConfig.MIN_COMPACTION_LAG_MS_CONFIG, "3600000");
			settings.put(TopicConfig.SEGMENT_BYTES_CONFIG, Integer.toString(64 * 1024 * 1024));
			settings.put(TopicConfig.SEGMENT_MS_CONFIG, "3600000");
			settings.put(TopicConfig.MIN_CLEANABLE_DIRTY_RATIO_CONFIG, "0.1");
			settings.put(TopicConfig.DELETE_RETENTION_MS_CONFIG, "86400000");
			admin.createTopics(List.of(new NewTopic(topic, partitions, replication).configs(settings)))
				.all()
				.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
			logger.info("Kafka intake: created the state topic {} ({} partitions, replication {}, compacted)", topic,
					partitions, replication);
			return true;
		}
		catch (ExecutionException ex) {
			if (!(ex.getCause() instanceof TopicExistsException)) {
				throw new IllegalStateException("Kafka intake: cannot create the state topic " + topic, ex.getCause());
			}
			return false;
		}
		catch (InterruptedException | TimeoutException ex) {
			throw failed("create the state topic " + topic, ex);
		}
	}

	private static IllegalStateException failed(String what, Exception ex) {
		if (ex instanceof InterruptedException) {
			Thread.currentThread().interrupt();
		}
		return new IllegalStateException("Kafka intake: cannot " + what, ex);
	}

}
