package io.aclgateway.relay.intake;

import java.net.http.HttpResponse;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.aclgateway.testing.EmbeddedSqs;
import io.aclgateway.testing.GatewayIntegrationTest;
import io.aclgateway.testing.SignedEvents;
import io.aclgateway.testing.StandIns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.strings;

/**
 * Fuzzed {@code POST /events}: properly signed bodies that are anything from random text
 * to a valid event with one member replaced by a random value. Whatever arrives, the
 * gateway answers with a 2xx or 4xx of its table, never a 5xx, puts nothing on the queue
 * unless it answered 202, and never shows a secret in an answer or a log.
 */
@GatewayIntegrationTest(upstreams = {}, queues = "fuzz.fifo")
@ExtendWith(OutputCaptureExtension.class)
class EventsFuzzIntegrationTests {

	static final JsonMapper json = JsonMapper.builder().build();

	static final List<String> PATHS = List.of("specversion", "id", "source", "type", "time", "datacontenttype",
			"traceparent", "data", "data.roomId", "data.messageId", "data.authorId", "data.body");

	@LocalServerPort
	int port;

	private final EmbeddedSqs sqs;

	private final String queueUrl;

	EventsFuzzIntegrationTests(StandIns standIns) {
		this.sqs = standIns.sqs();
		this.queueUrl = standIns.queueUrl();
	}

	@Test
	void neverAnswers5xxNorQueuesAnythingItRefused(CapturedOutput output) {
		SignedEvents falcon = new SignedEvents(port);
		qt().withExamples(300).forAll(bodies(), Generate.booleans()).checkAssert((body, batch) -> {
			HttpResponse<String> response = post(falcon, batch ? "[" + body + "]" : body, batch);
			assertThat(response.statusCode()).as(body).isIn(202, 400, 415, 422);
			int queued = sqs.drain(queueUrl).size();
			if (response.statusCode() != 202) {
				assertThat(queued).as("nothing queued for a refused request: " + body).isZero();
			}
			assertThat(response.body()).doesNotContain(secretKey());
		});
		assertThat(output.getAll()).doesNotContain(secretKey());
	}

	private static HttpResponse<String> post(SignedEvents falcon, String body, boolean batch) {
		try {
			return falcon.post(batch ? SignedEvents.BATCH : SignedEvents.SINGLE, body);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String secretKey() {
		return SignedEvents.SECRET.substring("whsec_".length());
	}

	/**
	 * Random text, or a valid event with one member replaced by a random JSON value or
	 * removed.
	 */
	static Gen<String> bodies() {
		Gen<String> text = strings().allPossible().ofLengthBetween(0, 300);
		Gen<String> mutated = integers().between(0, PATHS.size() - 1)
			.zip(randomJson(), integers().between(0, 1),
					(path, value, remove) -> mutate(PATHS.get(path), value, remove == 1));
		return Generate
			.frequency(List.of(org.quicktheories.api.Pair.of(1, text), org.quicktheories.api.Pair.of(4, mutated)));
	}

	static Gen<String> randomJson() {
		return Generate.pick(List.of("null", "0", "-1", "1.5", "true", "\"\"", "\"0123\"", "\"9223372036854775808\"",
				"\"\\ud800\"", "[]", "{}", "\"x\"", "\"2026-13-40T99:99:99Z\"", "\"falcon.unknown.v1\"", "\"0.3\"",
				"\"" + "y".repeat(70_000) + "\"", "{\"nested\":[1,2,{\"a\":null}]}", "\"\\u0000\""));
	}

	private static String mutate(String path, String value, boolean remove) {
		ObjectNode event = (ObjectNode) json.readTree(SignedEvents.messagePosted("fuzz-" + System.nanoTime(), 1, 2, "b")
			.replace("\"datacontenttype\"",
					"\"traceparent\":\"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01\",\"datacontenttype\""));
		String[] parts = path.split("\\.");
		ObjectNode parent = (parts.length == 2) ? (ObjectNode) event.get(parts[0]) : event;
		String field = parts[parts.length - 1];
		if (remove) {
			parent.remove(field);
		}
		else {
			JsonNode replacement = json.readTree(value);
			parent.set(field, replacement);
		}
		return json.writeValueAsString(event);
	}

}
