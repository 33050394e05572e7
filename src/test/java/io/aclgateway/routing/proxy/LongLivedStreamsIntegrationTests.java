package io.aclgateway.routing.proxy;

import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;
import reactor.netty.resources.ConnectionProvider;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.aclgateway.testing.GatewayIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * routing.md, Forwarding: server-sent events, long polls and other long-lived responses
 * go through like any other request, and do not starve the others. A request holds a
 * bulkhead permit only while it waits for its response to start; a started response is a
 * stream, with its own limit and idle timeout, and the response timeout is only the wait
 * for the start.
 * <p>
 * The upstreams are Reactor Netty servers on loopback, which hold thousands of open
 * responses without a thread each (WireMock cannot). Falcon: bulkhead 100, room for 1,100
 * streams. Legacy: bulkhead 2, 5 streams, closed after 3 s of silence, and a long-polling
 * path allowed 90 s for its answer.
 */
@GatewayIntegrationTest(routing = """
		rules:
		  - name: falcon-paths
		    paths: ["/f/**"]
		    target: falcon
		default: legacy
		""", upstreams = {},
		properties = { "acl.falcon.max-concurrent-requests=100", "acl.falcon.max-streams=1100",
				"acl.legacy.max-concurrent-requests=2", "acl.legacy.max-streams=5", "acl.legacy.stream-idle-timeout=3s",
				"acl.legacy.response-timeouts[/l/poll/**]=90s" })
@DirtiesContext // its upstreams stop with the class: free the gateway rather than cache
				// it
class LongLivedStreamsIntegrationTests {

	private static final int STREAMS = 1000;

	private static final Duration QUIET = Duration.ofSeconds(60);

	/**
	 * How long {@code late-body} waits between its head and its body: under legacy's 3 s
	 * stream idle timeout.
	 */
	private static final Duration LATE = Duration.ofMillis(2500);

	/**
	 * Heads of {@code late-body} the stand-ins have sent, so that a test knows one is on
	 * its way.
	 */
	private static final AtomicInteger lateHeadsSent = new AtomicInteger();

	private static final DisposableServer falcon = upstream();

	private static final DisposableServer legacy = upstream();

	@LocalServerPort
	int port;

	private final ConnectionProvider connections = ConnectionProvider.builder("test-clients")
		.maxConnections(STREAMS + 100)
		.pendingAcquireMaxCount(-1)
		.pendingAcquireTimeout(Duration.ofSeconds(60))
		.build();

	private final HttpClient client = HttpClient.create(connections);

	@DynamicPropertySource
	static void gateway(DynamicPropertyRegistry registry) {
		registry.add("acl.falcon.uri", () -> "http://127.0.0.1:" + falcon.port());
		registry.add("acl.legacy.uri", () -> "http://127.0.0.1:" + legacy.port());
	}

	@AfterAll
	static void stopUpstreams() {
		falcon.disposeNow();
		legacy.disposeNow();
	}

	@Test
	@Timeout(value = 3, unit = TimeUnit.MINUTES)
	void thousandOpenEventStreamsLeaveOrdinaryRequestsToTheSameUpstreamUnaffected() throws Exception {
		Queue<String> firstChunks = new ConcurrentLinkedQueue<>();
		List<Disposable> streams = new ArrayList<>();
		try {
			// Streams open over time, as clients come: 50 at a time, each batch started
			// before the next.
			for (int batch = 0; batch < STREAMS / 50; batch++) {
				for (int i = 0; i < 50; i++) {
					streams.add(open("/f/sse/hold", firstChunks));
				}
				int expected = (batch + 1) * 50;
				await().atMost(Duration.ofSeconds(6))
					.pollDelay(Duration.ZERO)
					.pollInterval(Duration.ofMillis(20))
					.until(() -> firstChunks.size() >= expected);
			}
			assertThat(firstChunks).hasSize(STREAMS);
			assertThat(firstChunks.stream().distinct().toList()).as("how the %d streams started", STREAMS)
				.containsExactly("200 data: hello\n\n");

			List<String> ordinary = Flux.range(0, 50)
				.flatMap(i -> client.get()
					.uri(url("/f/plain"))
					.responseSingle((response, body) -> body.asString()
						.defaultIfEmpty("")
						.map(text -> response.status().code() + " " + text)), 10)
				.collectList()
				.block(Duration.ofSeconds(60));

			assertThat(ordinary).hasSize(50).containsOnly("200 ok");
		}
		finally {
			streams.forEach(Disposable::dispose);
		}
	}

	@Test
	@Timeout(value = 3, unit = TimeUnit.MINUTES)
	void keepsAStreamQuietForAMinuteOpenAndAnswersALongPollAfterAMinute() {
		// Both at once: each waits a minute on the upstream.
		Mono<String> quietStream = client.get()
			.uri(url("/f/sse/quiet"))
			.responseContent()
			.asString()
			.onErrorResume(error -> Flux.just("cut by " + error.getClass().getSimpleName()))
			.collect(StringBuilder::new, StringBuilder::append)
			.map(StringBuilder::toString);
		Mono<String> longPoll = client.get()
			.uri(url("/l/poll/messages"))
			.responseSingle((response, body) -> body.asString().map(text -> response.status().code() + " " + text));

		long start = System.nanoTime();
		var answers = Mono.zip(quietStream, longPoll).block(Duration.ofSeconds(150));
		Duration took = Duration.ofNanos(System.nanoTime() - start);

		assertThat(answers).isNotNull();
		assertThat(answers.getT1()).isEqualTo("data: hello\n\ndata: late\n\n");
		assertThat(answers.getT2()).isEqualTo("200 polled");
		assertThat(took).isGreaterThanOrEqualTo(QUIET);
	}

	@Test
	@Timeout(value = 1, unit = TimeUnit.MINUTES)
	void closesAStreamOnWhichTheUpstreamSaysNothingForLongerThanTheStreamIdleTimeout() {
		long start = System.nanoTime();
		String received = client.get()
			.uri(url("/l/sse/quiet"))
			.responseContent()
			.asString()
			.onErrorResume(error -> Flux.just("[cut]"))
			.collect(StringBuilder::new, StringBuilder::append)
			.map(StringBuilder::toString)
			.block(Duration.ofSeconds(45));
		Duration took = Duration.ofNanos(System.nanoTime() - start);

		assertThat(received).startsWith("data: hello\n\n").doesNotContain("late");
		assertThat(took).as("closed after the 3 s idle timeout, long before the upstream's next event")
			.isBetween(Duration.ofSeconds(3), Duration.ofSeconds(30));
	}

	@Test
	@Timeout(value = 1, unit = TimeUnit.MINUTES)
	void refusesNewRequestsAtOnceWhileTheUpstreamsStreamLimitIsReachedAndTakesThemAgainAfter() throws Exception {
		Queue<String> started = new ConcurrentLinkedQueue<>();
		List<Disposable> streams = new ArrayList<>();
		try {
			// One after the other: legacy's bulkhead of 2 is for requests waiting for
			// their answer.
			for (int n = 1; n <= 5; n++) {
				streams.add(open("/l/sse/hold?heartbeat", started));
				int opened = n;
				await().atMost(Duration.ofSeconds(6))
					.pollDelay(Duration.ZERO)
					.pollInterval(Duration.ofMillis(20))
					.until(() -> started.size() >= opened);
			}
			assertThat(started).hasSize(5).containsOnly("200 data: hello\n\n");

			String refused = get("/l/plain");
			assertThat(refused).startsWith("503 ").contains("\"code\":\"too_many_requests\"");
		}
		finally {
			streams.forEach(Disposable::dispose);
		}
		String again = await().atMost(Duration.ofSeconds(10))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> get("/l/plain"), "200 ok"::equals);
		assertThat(again).as("once the streams have ended").isEqualTo("200 ok");
	}

	/**
	 * Legacy's bulkhead is 2; three responses whose heads come at once and whose bodies
	 * come 2.5 seconds later are all in flight while a fourth request goes through: a
	 * permit is held until the head, not the body.
	 */
	@Test
	@Timeout(value = 1, unit = TimeUnit.MINUTES)
	void givesTheBulkheadPermitBackWhenTheResponseHeadArrivesNotWithItsBody() throws Exception {
		Queue<String> answers = new ConcurrentLinkedQueue<>();
		List<Disposable> calls = new ArrayList<>();
		int before = lateHeadsSent.get();
		for (int i = 1; i <= 3; i++) {
			calls.add(client.get()
				.uri(url("/l/late-body"))
				.responseSingle((response, body) -> body.asString().map(text -> response.status().code() + " " + text))
				.subscribe(answers::add));
			// Once the stand-in has sent this head, the gateway has it a moment later,
			// long before the body.
			int sent = before + i;
			await().atMost(Duration.ofSeconds(5))
				.pollDelay(Duration.ZERO)
				.pollInterval(Duration.ofMillis(25))
				.until(() -> lateHeadsSent.get() >= sent);
			Thread.sleep(250);
		}

		String meanwhile = get("/l/plain");
		await().atMost(Duration.ofSeconds(10))
			.pollDelay(Duration.ZERO)
			.pollInterval(Duration.ofMillis(50))
			.until(() -> answers.size() >= 3);

		assertThat(meanwhile).isEqualTo("200 ok");
		assertThat(answers).containsExactly("200 late", "200 late", "200 late");
		calls.forEach(Disposable::dispose);
	}

	/**
	 * Opens a stream and keeps it open until disposed; its status and first chunk go to
	 * {@code firstChunks}.
	 */
	private Disposable open(String path, Queue<String> firstChunks) {
		AtomicBoolean first = new AtomicBoolean(true);
		return client.get()
			.uri(url(path))
			.response((response, body) -> body.asString().map(chunk -> response.status().code() + " " + chunk))
			.subscribe(chunk -> {
				if (first.getAndSet(false)) {
					firstChunks.add(chunk);
				}
			}, error -> firstChunks.add("error " + error));
	}

	private String get(String path) {
		return client.get()
			.uri(url(path))
			.responseSingle((response,
					body) -> body.asString().defaultIfEmpty("").map(text -> response.status().code() + " " + text))
			.block(Duration.ofSeconds(30));
	}

	private String url(String path) {
		return URI.create("http://localhost:" + port + path).toString();
	}

	/**
	 * The same stand-in for both upstreams ({@code /f/...} on Falcon, {@code /l/...} on
	 * legacy): {@code sse/hold} sends one event and holds the stream open (with
	 * {@code ?heartbeat}, a comment every second), {@code sse/quiet} sends one event and
	 * the next only a minute later, {@code poll/*} answers after a minute,
	 * {@code late-body} sends its head at once and its body 2.5 seconds later,
	 * {@code plain} answers at once.
	 */
	private static DisposableServer upstream() {
		return HttpServer.create()
			.host(InetAddress.getLoopbackAddress().getHostAddress())
			.port(0)
			.handle((request, response) -> {
				String path = URI.create(request.uri()).getPath();
				boolean heartbeat = request.uri().contains("heartbeat");
				if (path.endsWith("/sse/hold")) {
					Flux<String> after = heartbeat ? Flux.interval(Duration.ofSeconds(1)).map(n -> ": heartbeat\n\n")
							: Flux.never();
					return response.header("Content-Type", "text/event-stream")
						.sendString(Flux.just("data: hello\n\n").concatWith(after));
				}
				if (path.endsWith("/sse/quiet")) {
					return response.header("Content-Type", "text/event-stream")
						.sendString(
								Flux.just("data: hello\n\n").concatWith(Mono.delay(QUIET).map(n -> "data: late\n\n")));
				}
				if (path.endsWith("/late-body")) {
					// The empty first element sends the head (chunked, no bytes of body)
					// at once.
					return response.header("Content-Type", "text/plain")
						.sendString(Flux.concat(Mono.just(""), Mono.delay(LATE).map(n -> "late")))
						.then()
						.doOnSubscribe(subscription -> lateHeadsSent.incrementAndGet());
				}
				if (path.contains("/poll/")) {
					return response.header("Content-Type", "text/plain")
						.sendString(Mono.delay(QUIET).map(n -> "polled"));
				}
				return response.header("Content-Type", "text/plain").sendString(Mono.just("ok"));
			})
			.bindNow(Duration.ofSeconds(10));
	}

}
