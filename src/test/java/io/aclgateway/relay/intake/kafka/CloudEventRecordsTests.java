package io.aclgateway.relay.intake.kafka;

import java.nio.charset.StandardCharsets;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.aclgateway.relay.core.IncomingEvent;
import io.aclgateway.relay.core.IncomingEvent.Position;
import io.aclgateway.relay.intake.kafka.CloudEventRecords.Read;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The CloudEvents Kafka binding: binary and structured records become the same document
 * {@code POST /events} takes; anything else is not an event.
 */
class CloudEventRecordsTests {

	static final JsonMapper JSON = JsonMapper.builder().build();

	static final Position AT = new Position.LogOffset("falcon.events", 1, 42);

	static final String EVENT = """
			{"specversion":"1.0","id":"e-1","source":"/falcon/write-api","type":"falcon.message.posted.v1",
			 "time":"2026-11-25T10:00:00.123Z","roomseq":"7","datacontenttype":"application/json",
			 "data":{"roomId":"1","messageId":"2","authorId":"7","body":"hi"}}""";

	@Test
	void aStructuredRecordIsTheEventItself() {
		RecordHeaders headers = headers("content-type", "application/cloudevents+json; charset=UTF-8");

		IncomingEvent event = event(CloudEventRecords.read(AT, headers, bytes(EVENT)));

		assertThat(event.document()).isEqualTo(JSON.readTree(EVENT));
		assertThat(event.position()).isEqualTo(AT);
	}

	@Test
	void aBinaryRecordIsItsHeadersAsAttributesAndItsValueAsData() {
		RecordHeaders headers = headers("ce_specversion", "1.0", "ce_id", "e-1", "ce_source", "/falcon/write-api",
				"ce_type", "falcon.message.posted.v1", "ce_time", "2026-11-25T10:00:00.123Z", "ce_roomseq", "7",
				"content-type", "application/json; charset=utf-8", "unrelated", "x");

		IncomingEvent event = event(CloudEventRecords.read(AT, headers,
				bytes("{\"roomId\":\"1\",\"messageId\":\"2\",\"authorId\":\"7\",\"body\":\"hi\"}")));

		assertThat(event.document()).isEqualTo(JSON.readTree(EVENT));
	}

	@Test
	void aBinaryRecordKeepsAContentTypeOtherThanJsonForTheReaderToRefuse() {
		RecordHeaders headers = headers("ce_specversion", "1.0", "content-type", "text/plain");

		JsonNode document = event(CloudEventRecords.read(AT, headers, bytes("\"text\""))).document();

		assertThat(document.get("datacontenttype").asString()).isEqualTo("text/plain");
	}

	@Test
	void aRecordInNeitherModeIsNotAnEvent() {
		assertThat(CloudEventRecords.read(AT, headers(), bytes(EVENT))).isInstanceOf(Read.NotAnEvent.class);
		assertThat(CloudEventRecords.read(AT, headers("content-type", "application/json"), bytes(EVENT)))
			.isInstanceOf(Read.NotAnEvent.class);
	}

	@Test
	void unreadableJsonOrATombstoneIsNotAnEvent() {
		RecordHeaders structured = headers("content-type", "application/cloudevents+json");
		assertThat(CloudEventRecords.read(AT, structured, bytes("{\"id\":1,\"id\":2}")))
			.as("duplicate members, as POST /events refuses them")
			.isInstanceOf(Read.NotAnEvent.class);
		assertThat(CloudEventRecords.read(AT, structured, bytes("[]"))).isInstanceOf(Read.NotAnEvent.class);
		assertThat(CloudEventRecords.read(AT, structured, null)).isInstanceOf(Read.NotAnEvent.class);
		assertThat(CloudEventRecords.read(AT, headers("ce_specversion", "1.0"), bytes("{oops")))
			.isInstanceOf(Read.NotAnEvent.class);
		assertThat(CloudEventRecords.read(AT, headers("ce_specversion", "1.0", "ce_id", "a", "CE_ID", "b"), null))
			.as("an attribute given twice")
			.isInstanceOf(Read.NotAnEvent.class);
	}

	private static IncomingEvent event(Read read) {
		assertThat(read).isInstanceOf(Read.Event.class);
		return ((Read.Event) read).event();
	}

	private static RecordHeaders headers(String... namesAndValues) {
		RecordHeaders headers = new RecordHeaders();
		for (int i = 0; i < namesAndValues.length; i += 2) {
			headers.add(namesAndValues[i], bytes(namesAndValues[i + 1]));
		}
		return headers;
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
