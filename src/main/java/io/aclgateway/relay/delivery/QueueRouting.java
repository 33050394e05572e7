package io.aclgateway.relay.delivery;

import java.util.Map;

/** Which queue each legacy command goes to: a default queue and per-command overrides. */
public record QueueRouting(String defaultQueueUrl, Map<String, String> overrides) {

	public QueueRouting {
		overrides = Map.copyOf(overrides);
	}

	public String queueFor(String cmd) {
		return overrides.getOrDefault(cmd, defaultQueueUrl);
	}

	/** A queue whose URL ends in {@code .fifo} takes group and deduplication ids. */
	public static boolean isFifo(String queueUrl) {
		return queueUrl.endsWith(".fifo");
	}

}
