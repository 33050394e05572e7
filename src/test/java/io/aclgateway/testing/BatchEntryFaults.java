package io.aclgateway.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A WireMock transformer between the gateway and the real queue that fails chosen entries
 * of a {@code SendMessageBatch}: HTTP 200 with those entries under {@code Failed}, as SQS
 * answers a partial failure, while the other entries go on to the queue and its answer is
 * merged in. The faults are chosen one request at a time; the calls to the queue run side
 * by side and are bounded, so that one slow or lost call to the queue is an error the
 * gateway sees (and resends after), never a stand-in that stops answering every later
 * request.
 */
public final class BatchEntryFaults implements ResponseDefinitionTransformerV2 {

	/** The {@code X-Amz-Target} of a batch send. */
	public static final String SEND_MESSAGE_BATCH = "AmazonSQS.SendMessageBatch";

	/**
	 * How the queue fails an entry: by the sender's fault (never retried) or its own, and
	 * with which code.
	 */
	public record Fault(boolean senderFault, String code) {
	}

	private final String name;

	/**
	 * Well below the gateway's SDK attempt timeouts in the tests: a call to the queue
	 * that does not come back in time fails this request (HTTP 500, which the gateway
	 * retries) instead of the gateway giving up on a request the queue may still take.
	 */
	private static final Duration QUEUE_CALL_TIMEOUT = Duration.ofSeconds(10);

	private final HttpClient http = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	private final JsonMapper json = JsonMapper.builder().build();

	private @Nullable URI queue;

	private Function<JsonNode, Optional<Fault>> faults = entry -> Optional.empty();

	private Consumer<JsonNode> acknowledged = entry -> {
	};

	/** {@code name} is what a stub names in {@code withTransformers}. */
	public BatchEntryFaults(String name) {
		this.name = name;
	}

	/** The real queue, where the entries not failed here go. */
	public synchronized void passTo(URI queue) {
		this.queue = queue;
	}

	/** Which entries (the batch request's JSON entry) fail, and how; from now on. */
	public synchronized void fail(Function<JsonNode, Optional<Fault>> faults) {
		this.faults = faults;
	}

	/**
	 * Told of each entry the queue acknowledged (the request's JSON entry), as its answer
	 * comes back; from now on.
	 */
	public synchronized void onAcknowledged(Consumer<JsonNode> acknowledged) {
		this.acknowledged = acknowledged;
	}

	@Override
	public ResponseDefinition transform(ServeEvent serveEvent) {
		try {
			ObjectNode request = (ObjectNode) json.readTree(serveEvent.getRequest().getBodyAsString());
			ArrayNode passed = json.createArrayNode();
			ArrayNode successful = json.createArrayNode();
			ArrayNode failed = json.createArrayNode();
			URI target;
			Consumer<JsonNode> listener;
			synchronized (this) {
				target = Objects.requireNonNull(queue, "passTo(queue) first");
				listener = acknowledged;
				for (JsonNode entry : request.get("Entries")) {
					Optional<Fault> fault = faults.apply(entry);
					if (fault.isPresent()) {
						ObjectNode failure = failed.addObject();
						failure.put("Id", entry.get("Id").asString());
						failure.put("SenderFault", fault.get().senderFault());
						failure.put("Code", fault.get().code());
						failure.put("Message", "injected by the test");
					}
					else {
						passed.add(entry);
					}
				}
			}
			if (!passed.isEmpty()) {
				Map<String, JsonNode> byId = new HashMap<>();
				passed.forEach(entry -> byId.put(entry.get("Id").asString(), entry));
				request.set("Entries", passed);
				HttpResponse<String> answer = http.send(HttpRequest.newBuilder(target)
					.timeout(QUEUE_CALL_TIMEOUT)
					.header("Content-Type", "application/x-amz-json-1.0")
					.header("X-Amz-Target", SEND_MESSAGE_BATCH)
					.POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(request)))
					.build(), HttpResponse.BodyHandlers.ofString());
				JsonNode queued = json.readTree(answer.body());
				queued.path("Successful").forEach(ok -> {
					successful.add(ok);
					listener.accept(byId.get(ok.get("Id").asString()));
				});
				queued.path("Failed").forEach(failed::add);
			}
			ObjectNode response = json.createObjectNode();
			response.set("Successful", successful);
			response.set("Failed", failed);
			return ResponseDefinitionBuilder.responseDefinition()
				.withStatus(200)
				.withHeader("Content-Type", "application/x-amz-json-1.0")
				.withBody(json.writeValueAsString(response))
				.build();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Override
	public String getName() {
		return name;
	}

	@Override
	public boolean applyGlobally() {
		return false;
	}

}
