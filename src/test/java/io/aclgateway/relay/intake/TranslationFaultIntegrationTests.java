package io.aclgateway.relay.intake;

import java.net.http.HttpResponse;
import java.util.Set;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

import io.aclgateway.relay.translation.LegacyTranslator;
import io.aclgateway.testing.EmbeddedSqs;
import io.aclgateway.testing.GatewayIntegrationTest;
import io.aclgateway.testing.MistranslatingTranslator;
import io.aclgateway.testing.SignedEvents;
import io.aclgateway.testing.StandIns;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A translator bug never reaches the legacy consumers, and Falcon is not blamed for it:
 * with a translator standing in that drops a required member from one event's message,
 * {@code POST /events} answers 500 {@code translation_failed}, sends nothing of the
 * request, counts the answer by its code and logs the schema's words at ERROR.
 */
@GatewayIntegrationTest(upstreams = {}, queues = "translation.fifo")
@ExtendWith(OutputCaptureExtension.class)
class TranslationFaultIntegrationTests {

	static final String BROKEN = "mistranslated-1";

	static final JsonMapper json = JsonMapper.builder().build();

	/**
	 * The honest seam: the real relay, schema check and queue, and a buggy translator.
	 */
	@TestConfiguration(proxyBeanMethods = false)
	static class BuggyTranslator {

		@Bean
		@Primary
		LegacyTranslator mistranslatingTranslator() {
			return new MistranslatingTranslator(Set.of(BROKEN));
		}

	}

	@LocalServerPort
	int port;

	@Autowired
	MeterRegistry meters;

	private final EmbeddedSqs sqs;

	private final String queueUrl;

	TranslationFaultIntegrationTests(StandIns standIns) {
		this.sqs = standIns.sqs();
		this.queueUrl = standIns.queueUrl();
	}

	@Test
	void answers500TranslationFailedAndPutsNothingOfTheRequestOnTheQueue(CapturedOutput output) throws Exception {
		sqs.purge(queueUrl);
		double before = translationFailed();

		HttpResponse<String> answer = new SignedEvents(port).post(SignedEvents.BATCH,
				"[" + SignedEvents.messagePosted("fine-1", 4200001, 1, "hello") + ","
						+ SignedEvents.messagePosted(BROKEN, 4200002, 2, "a text nobody may read in a log") + "]");

		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(500);
		assertThat(answer.headers().firstValue("Content-Type"))
			.hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
		JsonNode problem = json.readTree(answer.body());
		assertThat(problem.path("code").asString()).isEqualTo("translation_failed");
		assertThat(problem.path("type").asString()).isEqualTo("urn:acl-gateway:problem:translation_failed");
		assertThat(problem.path("status").asInt()).isEqualTo(500);
		assertThat(problem.has("errors")).as("no event is blamed").isFalse();
		assertThat(sqs.drain(queueUrl)).as("nothing of the request is on the queue").isEmpty();
		assertThat(translationFailed()).isEqualTo(before + 1);
		assertThat(output.getOut().lines().filter(line -> line.contains("fails the legacy JSON Schema")))
			.singleElement()
			.satisfies(line -> assertThat(line).contains("ERROR")
				.contains(BROKEN)
				.contains("falcon.message.posted.v1")
				.contains("chat_add")
				.contains("required at the root: aid")
				.doesNotContain("nobody may read"));
	}

	@Test
	void relaysTheOtherEventsAsAlways() throws Exception {
		sqs.purge(queueUrl);

		HttpResponse<String> answer = new SignedEvents(port).post(SignedEvents.SINGLE,
				SignedEvents.messagePosted("fine-2", 4200001, 3, "hello"));

		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
		assertThat(sqs.drain(queueUrl)).hasSize(1);
	}

	private double translationFailed() {
		var counter = meters.find("acl.events.requests").tag("code", "translation_failed").counter();
		return (counter != null) ? counter.count() : 0;
	}

}
