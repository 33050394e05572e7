package io.aclgateway.relay.intake.kafka;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A slow queue for the Kafka ITs: an HTTP proxy in front of ElasticMQ that holds every
 * {@code SendMessageBatch} call for a while before passing it on, and watches what is in
 * flight at once on the real queue path: how many calls, and whether a room (a FIFO
 * message group) had messages in two calls at the same time. A call counts as in flight
 * from its arrival until the queue's answer is on its way back to the gateway.
 */
final class SlowQueueFront implements AutoCloseable {

	private static final String SEND_MESSAGE_BATCH = "AmazonSQS.SendMessageBatch";

	/** Headers the JDK's client sets itself and refuses to be given. */
	private static final Set<String> RESTRICTED = Set.of("connection", "content-length", "expect", "host", "upgrade");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpServer server;

	private final ExecutorService threads = Executors.newCachedThreadPool();

	private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	private volatile @Nullable URI queue;

	private volatile Duration delay = Duration.ZERO;

	/** Guarded by this. */
	private int callsInFlight;

	/** Guarded by this. */
	private int mostCallsInFlight;

	/** The rooms of the calls in flight and how many calls hold each; guarded by this. */
	private final Map<String, Integer> roomsInFlight = new HashMap<>();

	/** Each time a room was in two calls in flight at once; guarded by this. */
	private final List<String> overlaps = new ArrayList<>();

	/** Each event id passed on to the queue, in order; guarded by this. */
	private final List<String> passedOn = new ArrayList<>();

	SlowQueueFront() {
		try {
			this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		server.createContext("/", this::handle);
		server.setExecutor(threads);
		server.start();
	}

	/** Where the gateway sends its calls. */
	URI endpoint() {
		return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
	}

	/** Passes calls on to this queue, each {@code SendMessageBatch} after the delay. */
	synchronized void passTo(URI queue, Duration delay) {
		this.queue = queue;
		this.delay = delay;
		mostCallsInFlight = callsInFlight;
		overlaps.clear();
		passedOn.clear();
	}

	/**
	 * The most {@code SendMessageBatch} calls in flight at once since {@link #passTo}.
	 */
	synchronized int mostCallsInFlight() {
		return mostCallsInFlight;
	}

	/** Rooms that had messages in two calls in flight at once, since {@link #passTo}. */
	synchronized List<String> overlaps() {
		return List.copyOf(overlaps);
	}

	/** The event ids passed on to the queue, in order, since {@link #passTo}. */
	synchronized List<String> passedOn() {
		return List.copyOf(passedOn);
	}

	private void handle(HttpExchange exchange) throws IOException {
		try {
			byte[] body = exchange.getRequestBody().readAllBytes();
			boolean batch = SEND_MESSAGE_BATCH.equals(exchange.getRequestHeaders().getFirst("X-Amz-Target"));
			List<JsonNode> entries = new ArrayList<>();
			if (batch) {
				JSON.readTree(body).path("Entries").forEach(entries::add);
				arrived(entries);
			}
			HttpResponse<byte[]> answer;
			try {
				if (batch) {
					Thread.sleep(delay.toMillis());
				}
				answer = forward(exchange, body);
				if (batch) {
					passedOn(entries);
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				exchange.sendResponseHeaders(503, -1);
				return;
			}
			finally {
				if (batch) {
					left(entries);
				}
			}
			answer.headers().map().forEach((name, values) -> {
				if (!name.equalsIgnoreCase("content-length") && !name.equalsIgnoreCase("transfer-encoding")
						&& !name.startsWith(":")) {
					exchange.getResponseHeaders().put(name, values);
				}
			});
			exchange.sendResponseHeaders(answer.statusCode(), (answer.body().length == 0) ? -1 : answer.body().length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(answer.body());
			}
		}
		finally {
			exchange.close();
		}
	}

	private HttpResponse<byte[]> forward(HttpExchange exchange, byte[] body) throws IOException, InterruptedException {
		URI target = queue;
		if (target == null) {
			throw new IOException("no queue to pass calls to yet");
		}
		HttpRequest.Builder request = HttpRequest.newBuilder(target.resolve(exchange.getRequestURI()))
			.method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
		exchange.getRequestHeaders().forEach((name, values) -> {
			if (!RESTRICTED.contains(name.toLowerCase(java.util.Locale.ROOT))) {
				values.forEach(value -> request.header(name, value));
			}
		});
		return client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
	}

	private synchronized void arrived(List<JsonNode> entries) {
		callsInFlight++;
		mostCallsInFlight = Math.max(mostCallsInFlight, callsInFlight);
		for (JsonNode entry : entries) {
			String room = entry.path("MessageGroupId").asString();
			if (roomsInFlight.merge(room, 1, Integer::sum) > 1) {
				overlaps.add(room);
			}
		}
	}

	private synchronized void passedOn(List<JsonNode> entries) {
		entries
			.forEach(entry -> passedOn.add(JSON.readTree(entry.path("MessageBody").asString()).path("eid").asString()));
	}

	private synchronized void left(List<JsonNode> entries) {
		callsInFlight--;
		for (JsonNode entry : entries) {
			roomsInFlight.computeIfPresent(entry.path("MessageGroupId").asString(),
					(room, calls) -> (calls > 1) ? calls - 1 : null);
		}
	}

	@Override
	public void close() {
		server.stop(0);
		threads.shutdownNow();
	}

}
