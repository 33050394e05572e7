package io.aclgateway.relay.delivery.sqs;

import java.util.Map;

/** Which queue each legacy command goes to: a default queue and per-command overrides. */
record QueueRouting(String defaultQueueUrl, Map<String, String> overrides) {

	QueueRouting {
		overrides = Map.copyOf(overrides);
	}

	String queueFor(String cmd) {
		return overrides.getOrDefault(cmd, defaultQueueUrl);
	}

	/** A queue whose URL ends in {@code .fifo} takes group and deduplication ids. */
	static boolean isFifo(String queueUrl) {
		return queueUrl.endsWith(".fifo");
	}

}
