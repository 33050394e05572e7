package io.aclgateway.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.UUID;

import com.standardwebhooks.Webhook;

/**
 * Posts events to the gateway signed the way Falcon signs them: with the off-the-shelf
 * Standard Webhooks library, not with our own code, so the two are checked against each
 * other.
 */
public final class SignedEvents {

	public static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

	public static final String ROTATED_SECRET = "whsec_c2VjcmV0LW51bWJlci10d28tZm9yLXJvdGF0aW9u";

	public static final String SINGLE = "application/cloudevents+json";

	public static final String BATCH = "application/cloudevents-batch+json";

	private final HttpClient http = HttpClient.newHttpClient();

	private final URI events;

	public SignedEvents(int port) {
		this.events = URI.create("http://localhost:" + port + "/events");
	}

	public HttpResponse<String> post(String contentType, String body) throws Exception {
		return post(contentType, body, SECRET, Instant.now().getEpochSecond());
	}

	public HttpResponse<String> post(String contentType, String body, String secret, long timestamp) throws Exception {
		String id = "msg_" + UUID.randomUUID();
		String signature = new Webhook(secret).sign(id, timestamp, body);
		return send(HttpRequest.newBuilder(events)
			.header("Content-Type", contentType)
			.header("webhook-id", id)
			.header("webhook-timestamp", Long.toString(timestamp))
			.header("webhook-signature", signature)
			.POST(HttpRequest.BodyPublishers.ofString(body)));
	}

	public HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
		return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	public URI uri() {
		return events;
	}

	/** A valid CloudEvent of {@code falcon.message.posted.v1}. */
	public static String messagePosted(String id, long roomId, long messageId, String body) {
		return """
				{"specversion":"1.0","id":"%s","source":"/falcon/write-api","type":"falcon.message.posted.v1",
				 "time":"2026-11-25T10:00:00.123Z","datacontenttype":"application/json",
				 "data":{"roomId":"%d","messageId":"%d","authorId":"7","body":"%s"}}""".formatted(id, roomId, messageId,
				body);
	}

}
