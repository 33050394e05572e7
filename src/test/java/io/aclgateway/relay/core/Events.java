package io.aclgateway.relay.core;

import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.json.JsonMapper;

import io.aclgateway.relay.core.IncomingEvent.Position;

/** CloudEvents as Falcon sends them, for the relay's unit tests. */
final class Events {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private Events() {
	}

	static String messagePosted(String id, long room, String body) {
		return """
				{"specversion":"1.0","id":"%s","source":"/falcon/write-api","type":"falcon.message.posted.v1",\
				"time":"2025-03-14T09:26:53Z","data":{"roomId":"%d","messageId":"30","authorId":"20","body":"%s"}}"""
			.formatted(id, room, body);
	}

	static String taskCreated(String id, long room, int assignees) {
		List<String> to = new ArrayList<>();
		for (int n = 1; n <= assignees; n++) {
			to.add("\"" + (100 + n) + "\"");
		}
		return """
				{"specversion":"1.0","id":"%s","source":"/falcon/write-api","type":"falcon.task.created.v1",\
				"time":"2025-03-14T09:26:53Z","data":{"roomId":"%d","taskId":"40","creatorId":"20",\
				"assigneeIds":[%s],"body":"x","dueAt":null}}""".formatted(id, room, String.join(",", to));
	}

	static String ofType(String id, String type) {
		return """
				{"specversion":"1.0","id":"%s","source":"/falcon/write-api","type":"%s",\
				"time":"2025-03-14T09:26:53Z","data":{}}""".formatted(id, type);
	}

	/** The events as one batch, each at its index. */
	static List<IncomingEvent> batch(String... events) {
		List<IncomingEvent> batch = new ArrayList<>();
		for (String event : events) {
			batch.add(new IncomingEvent(new Position.BatchIndex(batch.size()), JSON.readTree(event)));
		}
		return batch;
	}

}
