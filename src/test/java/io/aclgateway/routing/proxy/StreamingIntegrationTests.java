package io.aclgateway.routing.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import java.util.stream.Stream;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.publisher.Flux;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.WebsocketClientSpec;
import reactor.netty.http.server.WebsocketServerSpec;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.aclgateway.testing.GatewayIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * routing.md, Forwarding: bodies are streamed, not buffered, and WebSocket upgrades,
 * server-sent events and long polls go through like any other request. Everything runs
 * over loopback HTTP through the real gateway.
 * <p>
 * Legacy is a JDK {@link HttpServer} (it reads and writes bodies as streams, which
 * WireMock does not) serving {@code /upload}, {@code /download} and {@code /poll}; Falcon
 * is a Reactor Netty server serving {@code /events} and {@code /ws}, which the routing
 * file sends there.
 * <p>
 * The 300 MiB bodies are generated on the fly and never held in memory. Each transfer
 * test proves streaming by progress, whatever the heap: the receiving end has its first
 * MiB while the sending end has produced less than half of the body, which cannot happen
 * if the gateway collects the body first. Run with a heap smaller than the body (failsafe
 * {@code argLine} {@code -Xmx256m -XX:MaxDirectMemorySize=128m}) buffering also fails for
 * lack of memory.
 */
@GatewayIntegrationTest(routing = """
		rules:
		  - name: realtime-on-falcon
		    paths: ["/ws/**", "/events/**"]
		    target: falcon
		""", upstreams = {}, properties = { "acl.routing.debug-headers=true", "acl.legacy.max-request-size=1GB" })
@DirtiesContext // its upstreams stop with the class: free the gateway rather than cache
				// it
class StreamingIntegrationTests {

	private static final long MIB = 1024 * 1024;

	private static final long BODY_SIZE = 300 * MIB;

	private static final Duration EVENT_INTERVAL = Duration.ofMillis(200);

	private static final int EVENTS = 10;

	private static final Duration POLL_DELAY = Duration.ofSeconds(3);

	private static final Queue<String> legacyRequests = new ConcurrentLinkedQueue<>();

	/** The headers of the last WebSocket upgrade request Falcon received. */
	private static final AtomicReference<io.netty.handler.codec.http.HttpHeaders> falconHandshake = new AtomicReference<>();

	/**
	 * How much the client has produced of the upload in flight, read by legacy when it
	 * has 1 MiB.
	 */
	private static volatile LongSupplier uploadProduced = () -> -1;

	private static final AtomicLong uploadProducedWhenLegacyHadFirstMiB = new AtomicLong(-1);

	/** How the upload in flight reached legacy: its Content-Length, or "chunked". */
	private static final AtomicReference<String> legacyUploadLength = new AtomicReference<>();

	/** How much legacy has produced of the download in flight. */
	private static volatile LongSupplier downloadProduced = () -> -1;

	private static final ExecutorService legacyThreads = Executors.newCachedThreadPool();

	private static final HttpServer legacy = legacy();

	private static final DisposableServer falcon = falcon();

	@LocalServerPort
	int port;

	private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	@DynamicPropertySource
	static void gateway(DynamicPropertyRegistry registry) {
		registry.add("acl.falcon.uri", () -> "http://127.0.0.1:" + falcon.port());
		registry.add("acl.legacy.uri", () -> "http://127.0.0.1:" + legacy.getAddress().getPort());
	}

	@AfterAll
	static void stopUpstreams() {
		falcon.disposeNow();
		legacy.stop(0);
		legacyThreads.shutdownNow();
	}

	@BeforeEach
	void reset() {
		legacyRequests.clear();
		falconHandshake.set(null);
		uploadProducedWhenLegacyHadFirstMiB.set(-1);
		legacyUploadLength.set(null);
	}

	/**
	 * Chunked when the client does not say the length up front, else with a
	 * Content-Length.
	 */
	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "chunked", "content-length" })
	@Timeout(value = 3, unit = TimeUnit.MINUTES)
	void streamsAnUploadLargerThanTheHeapToTheUpstreamWithoutBufferingIt(String framing) throws Exception {
		GeneratedBody body = new GeneratedBody(BODY_SIZE);
		uploadProduced = body::produced;
		HttpRequest.BodyPublisher stream = HttpRequest.BodyPublishers.ofInputStream(() -> body);
		HttpRequest upload = request("/upload/blob").timeout(Duration.ofMinutes(2))
			.header("Content-Type", "application/octet-stream")
			.POST(framing.equals("chunked") ? stream : HttpRequest.BodyPublishers.fromPublisher(stream, BODY_SIZE))
			.build();

		HttpResponse<String> response;
		try (HeapWatch heap = HeapWatch.start(framing + " upload of " + BODY_SIZE / MIB + " MiB")) {
			response = http.send(upload, HttpResponse.BodyHandlers.ofString());
		}

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("X-Routed-To")).hasValue("legacy");
		assertThat(response.body()).isEqualTo(BODY_SIZE + " " + GeneratedBody.expectedSha256(BODY_SIZE));
		assertThat(legacyRequests).containsExactly("POST /upload/blob");
		assertThat(legacyUploadLength.get())
			.isEqualTo(framing.equals("chunked") ? "chunked" : String.valueOf(BODY_SIZE));
		long producedAtFirstMiB = uploadProducedWhenLegacyHadFirstMiB.get();
		System.out.printf("%s upload: client had produced %d MiB when legacy had received its first MiB%n", framing,
				producedAtFirstMiB / MIB);
		assertThat(producedAtFirstMiB).as("bytes the client had produced when legacy had received 1 MiB")
			.isBetween(MIB, BODY_SIZE / 2);
	}

	@Test
	@Timeout(value = 3, unit = TimeUnit.MINUTES)
	void streamsADownloadLargerThanTheHeapToTheClientWithoutBufferingIt() throws Exception {
		HttpRequest download = request("/download/blob").timeout(Duration.ofMinutes(2)).GET().build();

		MessageDigest digest = sha256();
		long received = 0;
		long upstreamProducedAtFirstMiB = -1;
		HttpResponse<InputStream> response;
		try (HeapWatch heap = HeapWatch.start("download of " + BODY_SIZE / MIB + " MiB")) {
			response = http.send(download, HttpResponse.BodyHandlers.ofInputStream());
			byte[] buffer = new byte[64 * 1024];
			try (InputStream in = response.body()) {
				int read;
				while ((read = in.read(buffer)) != -1) {
					digest.update(buffer, 0, read);
					received += read;
					if (upstreamProducedAtFirstMiB < 0 && received >= MIB) {
						upstreamProducedAtFirstMiB = downloadProduced.getAsLong();
					}
				}
			}
		}

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("X-Routed-To")).hasValue("legacy");
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/octet-stream");
		assertThat(response.headers().firstValueAsLong("Content-Length")).hasValue(BODY_SIZE);
		assertThat(received).isEqualTo(BODY_SIZE);
		assertThat(HexFormat.of().formatHex(digest.digest())).isEqualTo(GeneratedBody.expectedSha256(BODY_SIZE));
		System.out.printf("download: legacy had produced %d MiB when the client had received its first MiB%n",
				upstreamProducedAtFirstMiB / MIB);
		assertThat(upstreamProducedAtFirstMiB).as("bytes legacy had produced when the client had received 1 MiB")
			.isBetween(MIB, BODY_SIZE / 2);
	}

	@Test
	@Timeout(value = 30, unit = TimeUnit.SECONDS)
	void passesServerSentEventsThroughOneByOneAsTheUpstreamSendsThem() throws Exception {
		HttpRequest subscribe = request("/events/ticks").header("Accept", "text/event-stream").GET().build();

		List<String> events = new ArrayList<>();
		List<Long> arrivals = new ArrayList<>();
		HttpResponse<Stream<String>> response = http.send(subscribe, HttpResponse.BodyHandlers.ofLines());
		try (Stream<String> lines = response.body()) {
			lines.filter(line -> line.startsWith("data: ")).forEach(line -> {
				arrivals.add(System.nanoTime());
				events.add(line.substring("data: ".length()));
			});
		}
		long endOfStream = System.nanoTime();

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying(type -> assertThat(type).startsWith("text/event-stream"));
		assertThat(response.headers().firstValue("X-Routed-To")).hasValue("falcon");
		assertThat(events).containsExactly("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
		Duration firstEventBeforeEnd = Duration.ofNanos(endOfStream - arrivals.get(0));
		System.out.printf("server-sent events: first event arrived %d ms before the end of the stream%n",
				firstEventBeforeEnd.toMillis());
		// The upstream takes (EVENTS - 1) * 200 ms = 1.8 s from the first event to the
		// last.
		assertThat(firstEventBeforeEnd).as("time from the first event to the end of the stream")
			.isGreaterThan(EVENT_INTERVAL.multipliedBy(EVENTS - 1).dividedBy(2));
	}

	@Test
	@Timeout(value = 30, unit = TimeUnit.SECONDS)
	void upgradesAWebSocketToTheRoutedUpstreamAndEchoesEveryMessageInOrder() throws Exception {
		Messages messages = new Messages();
		WebSocket socket = http.newWebSocketBuilder()
			.header("X-Custom", "ws-1")
			.subprotocols("echo.v1")
			.connectTimeout(Duration.ofSeconds(5))
			.buildAsync(URI.create("ws://localhost:" + port + "/ws/echo"), messages)
			.get(10, TimeUnit.SECONDS);

		List<String> sent = List.of("hello", "こんにちは", "x".repeat(10_000), "bye");
		List<String> echoed = new ArrayList<>();
		for (String message : sent) {
			socket.sendText(message, true).get(5, TimeUnit.SECONDS);
			echoed.add(messages.received.poll(5, TimeUnit.SECONDS));
		}
		socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(5, TimeUnit.SECONDS);

		assertThat(echoed).containsExactlyElementsOf(sent);
		assertThat(socket.getSubprotocol()).isEqualTo("echo.v1");
		assertThat(messages.closed.get(5, TimeUnit.SECONDS)).isEqualTo(WebSocket.NORMAL_CLOSURE);
		io.netty.handler.codec.http.HttpHeaders handshake = falconHandshake.get();
		assertThat(handshake).as("the upgrade request Falcon received").isNotNull();
		assertThat(handshake.get("X-Custom")).isEqualTo("ws-1");
		assertThat(handshake.get("Sec-WebSocket-Protocol")).isEqualTo("echo.v1");
		assertThat(legacyRequests).isEmpty();
	}

	/**
	 * RFC 6455 lets a client split a message into frames (the JDK client does so above 16
	 * KiB). A client that writes such a message at once after the upgrade, as a real app
	 * writes its subscribe message, races the gateway's own connection to the upstream.
	 */
	@Test
	@Timeout(value = 60, unit = TimeUnit.SECONDS)
	void forwardsAMessageSplitIntoFramesRightAfterTheUpgrade() {
		String part = "f".repeat(16 * 1024);
		for (int attempt = 1; attempt <= 5; attempt++) {
			String echoed = reactor.netty.http.client.HttpClient.create()
				.websocket(WebsocketClientSpec.builder().protocols("echo.v1").build())
				.uri("ws://localhost:" + port + "/ws/echo")
				.handle((in, out) -> out.sendObject(Flux.just(new TextWebSocketFrame(false, 0, part),
						new ContinuationWebSocketFrame(false, 0, part), new ContinuationWebSocketFrame(true, 0, "end")))
					.then()
					.thenMany(in.aggregateFrames().receive().asString().take(1)))
				.blockFirst(Duration.ofSeconds(5));

			assertThat(echoed).as("echo on connection %d", attempt).isEqualTo(part + part + "end");
		}
	}

	@Test
	@Timeout(value = 30, unit = TimeUnit.SECONDS)
	void answersALongPollThatTheUpstreamHoldsForSeconds() throws Exception {
		long start = System.nanoTime();
		HttpResponse<String> response = send(request("/poll/messages").GET().build());
		Duration took = Duration.ofNanos(System.nanoTime() - start);

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("X-Routed-To")).hasValue("legacy");
		assertThat(response.body()).isEqualTo("{\"messages\":[\"after a while\"]}");
		assertThat(took).isGreaterThanOrEqualTo(POLL_DELAY);
		assertThat(legacyRequests).containsExactly("GET /poll/messages");
	}

	private HttpRequest.Builder request(String pathAndQuery) {
		return HttpRequest.newBuilder(URI.create("http://localhost:" + port + pathAndQuery));
	}

	private HttpResponse<String> send(HttpRequest request) throws Exception {
		return http.send(request, HttpResponse.BodyHandlers.ofString());
	}

	/** The legacy stand-in: streams bodies in and out, and holds long polls. */
	private static HttpServer legacy() {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
			server.setExecutor(legacyThreads);
			server.createContext("/upload/", exchange -> handle(exchange, StreamingIntegrationTests::digestUpload));
			server.createContext("/download/", exchange -> handle(exchange, StreamingIntegrationTests::streamDownload));
			server.createContext("/poll/", exchange -> handle(exchange, StreamingIntegrationTests::holdPoll));
			server.createContext("/", exchange -> handle(exchange, ex -> answer(ex, 404, "not here")));
			server.start();
			return server;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private interface Handler {

		void handle(HttpExchange exchange) throws Exception;

	}

	private static void handle(HttpExchange exchange, Handler handler) {
		legacyRequests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI());
		try (exchange) {
			handler.handle(exchange);
		}
		catch (Exception ex) {
			ex.printStackTrace();
		}
	}

	/**
	 * Reads the body as a stream into a digest; answers
	 * {@code <byte count> <hex SHA-256>}.
	 */
	private static void digestUpload(HttpExchange exchange) throws IOException {
		String length = exchange.getRequestHeaders().getFirst("Content-Length");
		String encoding = exchange.getRequestHeaders().getFirst("Transfer-Encoding");
		legacyUploadLength.set((length != null) ? length : encoding);
		MessageDigest digest = sha256();
		long count = 0;
		byte[] buffer = new byte[64 * 1024];
		try (InputStream in = exchange.getRequestBody()) {
			int read;
			while ((read = in.read(buffer)) != -1) {
				digest.update(buffer, 0, read);
				count += read;
				if (count >= MIB) {
					uploadProducedWhenLegacyHadFirstMiB.compareAndSet(-1, uploadProduced.getAsLong());
				}
			}
		}
		answer(exchange, 200, count + " " + HexFormat.of().formatHex(digest.digest()));
	}

	/**
	 * Writes {@link #BODY_SIZE} generated bytes with a Content-Length, 64 KiB at a time.
	 */
	private static void streamDownload(HttpExchange exchange) throws IOException {
		GeneratedBody body = new GeneratedBody(BODY_SIZE);
		downloadProduced = body::produced;
		exchange.getResponseHeaders().set("Content-Type", "application/octet-stream");
		exchange.sendResponseHeaders(200, BODY_SIZE);
		byte[] buffer = new byte[64 * 1024];
		try (OutputStream out = exchange.getResponseBody()) {
			int read;
			while ((read = body.read(buffer)) != -1) {
				out.write(buffer, 0, read);
			}
		}
	}

	private static void holdPoll(HttpExchange exchange) throws Exception {
		Thread.sleep(POLL_DELAY.toMillis());
		exchange.getResponseHeaders().set("Content-Type", "application/json");
		answer(exchange, 200, "{\"messages\":[\"after a while\"]}");
	}

	private static void answer(HttpExchange exchange, int status, String body) throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		exchange.sendResponseHeaders(status, bytes.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(bytes);
		}
	}

	/** The Falcon stand-in: a server-sent event every 200 ms, and a WebSocket echo. */
	private static DisposableServer falcon() {
		return reactor.netty.http.server.HttpServer.create()
			.host(InetAddress.getLoopbackAddress().getHostAddress())
			.port(0)
			.route(routes -> routes
				.get("/events/ticks",
						(request, response) -> response.header("Content-Type", "text/event-stream")
							.sendString(Flux.interval(EVENT_INTERVAL).take(EVENTS).map(n -> "data: " + n + "\n\n")))
				.ws("/ws/echo", (in, out) -> {
					falconHandshake.set(new DefaultHttpHeaders().set(in.headers()));
					return out.sendString(in.aggregateFrames().receive().asString());
				}, WebsocketServerSpec.builder().protocols("echo.v1").build()))
			.bindNow(Duration.ofSeconds(10));
	}

	private static MessageDigest sha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Collects the whole text messages and the close status a WebSocket receives. */
	private static final class Messages implements WebSocket.Listener {

		final BlockingQueue<String> received = new LinkedBlockingQueue<>();

		final CompletableFuture<Integer> closed = new CompletableFuture<>();

		private final StringBuilder partial = new StringBuilder();

		@Override
		public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
			partial.append(data);
			if (last) {
				received.add(partial.toString());
				partial.setLength(0);
			}
			socket.request(1);
			return null;
		}

		@Override
		public CompletionStage<?> onClose(WebSocket socket, int status, String reason) {
			closed.complete(status);
			return null;
		}

		@Override
		public void onError(WebSocket socket, Throwable error) {
			closed.completeExceptionally(error);
		}

	}

	/**
	 * Deterministic, non-repeating bytes made as they are read (SplitMix64 of the 8-byte
	 * word index), so that a lost, repeated or reordered chunk changes the digest. Never
	 * holds more than the caller's buffer.
	 */
	static final class GeneratedBody extends InputStream {

		private static final AtomicReference<String> expected = new AtomicReference<>();

		private final long size;

		private final AtomicLong produced = new AtomicLong();

		GeneratedBody(long size) {
			this.size = size;
		}

		/**
		 * The SHA-256 of the first {@code size} generated bytes, computed here without
		 * any network.
		 */
		static String expectedSha256(long size) throws IOException {
			if (size == BODY_SIZE && expected.get() != null) {
				return expected.get();
			}
			MessageDigest digest = sha256();
			byte[] buffer = new byte[64 * 1024];
			try (GeneratedBody body = new GeneratedBody(size)) {
				int read;
				while ((read = body.read(buffer)) != -1) {
					digest.update(buffer, 0, read);
				}
			}
			String hex = HexFormat.of().formatHex(digest.digest());
			if (size == BODY_SIZE) {
				expected.set(hex);
			}
			return hex;
		}

		long produced() {
			return produced.get();
		}

		@Override
		public int read() {
			byte[] one = new byte[1];
			return (read(one, 0, 1) == -1) ? -1 : one[0] & 0xff;
		}

		@Override
		public int read(byte[] buffer, int offset, int length) {
			long position = produced.get();
			if (position >= size) {
				return -1;
			}
			int count = (int) Math.min(length, size - position);
			long word = mix(position >>> 3);
			for (int i = 0; i < count; i++) {
				long at = position + i;
				if ((at & 7) == 0) {
					word = mix(at >>> 3);
				}
				buffer[offset + i] = (byte) (word >>> ((at & 7) << 3));
			}
			produced.set(position + count);
			return count;
		}

		private static long mix(long index) {
			long z = index * 0x9E3779B97F4A7C15L + 0x9E3779B97F4A7C15L;
			z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
			z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
			return z ^ (z >>> 31);
		}

	}

	/**
	 * Heap used before and after a transfer (after a GC), and the highest seen while it
	 * ran.
	 */
	private static final class HeapWatch implements AutoCloseable {

		private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();

		private final String what;

		private final long before;

		private final AtomicLong peak = new AtomicLong();

		private final Thread sampler;

		private final long started = System.nanoTime();

		private volatile boolean running = true;

		private HeapWatch(String what) {
			this.what = what;
			System.gc();
			this.before = memory.getHeapMemoryUsage().getUsed();
			this.sampler = new Thread(this::sample, "heap-watch");
			this.sampler.setDaemon(true);
			this.sampler.start();
		}

		static HeapWatch start(String what) {
			return new HeapWatch(what);
		}

		private void sample() {
			while (running) {
				peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
				try {
					Thread.sleep(10);
				}
				catch (InterruptedException ex) {
					return;
				}
			}
		}

		@Override
		public void close() throws InterruptedException {
			running = false;
			sampler.join();
			long tookMillis = Duration.ofNanos(System.nanoTime() - started).toMillis();
			long afterNoGc = memory.getHeapMemoryUsage().getUsed();
			System.gc();
			long after = memory.getHeapMemoryUsage().getUsed();
			System.out.printf(
					"%s took %d ms; heap used before %d MiB, highest sampled during %d MiB, "
							+ "after %d MiB (%d MiB before GC); max heap %d MiB%n",
					what, tookMillis, before / MIB, peak.get() / MIB, after / MIB, afterNoGc / MIB,
					memory.getHeapMemoryUsage().getMax() / MIB);
		}

	}

}
