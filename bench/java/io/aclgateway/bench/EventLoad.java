package io.aclgateway.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.SdkAdvancedAsyncClientOption;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.SqsAsyncClientBuilder;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;
import tools.jackson.databind.json.JsonMapper;

import io.aclgateway.relay.contract.FalconEventReader;
import io.aclgateway.relay.translation.LegacyMessage;
import io.aclgateway.relay.translation.LegacyTranslator;

/**
 * The event load of bench/run.sh, in one of two modes with the same events, the same concurrency
 * and the same bounds:
 * <ul>
 * <li>{@code gateway}: N senders each post signed batches of {@code batch} (100)
 * {@code falcon.message.posted.v1} events to {@code POST /events} (Standard Webhooks signature),
 * one after the other; a 202 counts its events' messages (one each);</li>
 * <li>{@code sqs}: the ceiling: N senders each send {@code SendMessageBatch} calls of 10 entries,
 * one after the other, straight to the same queue, with the messages the gateway would have made
 * of the same events (translated by the gateway's own {@link LegacyTranslator}, so the sizes,
 * attributes, group and deduplication ids are the same), through the same SDK client (async,
 * Netty, max concurrency 100).</li>
 * <li>{@code sqs[md5=false+completion=direct]}: the same through a client of its own with these
 * settings ({@link #sqsClient}), for an A/B of SDK settings in one JVM;</li>
 * <li>{@code template} (alone, with {@code out=FILE}): writes the SendMessageBatch entry the wrk
 * replay of bench/events-ceiling.sh sends, and exits.</li>
 * </ul>
 * With {@code cpu-pids=queue:PID,gateway:PID} each line also has the CPU time (user + system,
 * /proc) per message the queue holds, of this JVM ("client") and of each named process.
 * One JVM runs both, so that each way's client code is as warm as the other's: first each mode
 * is warmed in 10 s steps until two steps in a row agree within 5 % (at least {@code warmup}, at
 * most {@code warmup-max} seconds), then {@code rounds} rounds alternating the modes (the order rotating). Each run
 * starts from an empty queue (purged) and stops at the deadline or when its call budget is spent;
 * calls in flight finish. Prints one line {@code BENCH {json}} per measured run (and
 * {@code WARMUP {json}} per warm-up) with messages, seconds, messages/s, calls, failures, the
 * per-call latency p50/p99, and the messages the queue holds afterwards (a cross-check).
 *
 * <pre>EventLoad modes=gateway,sqs url=... queue-url=... sqs-endpoint=... secret=whsec_...
 *           concurrency=8 warmup=20 warmup-max=90 seconds=15 rounds=3 max-calls=100000 run-id=r1</pre>
 */
public final class EventLoad {

	private static final String BODY = "Bench message: the quick brown fox jumps over the lazy dog, "
			+ "then posts a reply in room forty-two. 0123456789";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private EventLoad() {
	}

	public static void main(String[] args) throws Exception {
		Map<String, String> options = new HashMap<>();
		for (String arg : args) {
			int eq = arg.indexOf('=');
			if (eq < 1) {
				throw new IllegalArgumentException("expected key=value, got " + arg);
			}
			options.put(arg.substring(0, eq), arg.substring(eq + 1));
		}
		List<String> modes = List.of(options.getOrDefault("modes", "gateway,sqs").split(","));
		int concurrency = Integer.parseInt(options.getOrDefault("concurrency", "8"));
		int seconds = Integer.parseInt(options.getOrDefault("seconds", "15"));
		int warmup = Integer.parseInt(options.getOrDefault("warmup", "20"));
		int warmupMax = Integer.parseInt(options.getOrDefault("warmup-max", "90"));
		int rounds = Integer.parseInt(options.getOrDefault("rounds", "3"));
		long maxCalls = Long.parseLong(options.getOrDefault("max-calls", "100000"));
		String runId = options.getOrDefault("run-id", "run" + System.nanoTime());
		if (modes.equals(List.of("template"))) {
			writeTemplate(Path.of(required(options, "out")), options.getOrDefault("run-id", "tpl"));
			return;
		}
		URI sqsEndpoint = URI.create(required(options, "sqs-endpoint"));
		String queueUrl = required(options, "queue-url");
		CpuClock cpu = new CpuClock(parsePids(options.getOrDefault("cpu-pids", "")));

		List<SqsAsyncClient> variantClients = new ArrayList<>();
		try (SqsAsyncClient sqs = sqsClient(sqsEndpoint, options)) {
			Map<String, Sender> senders = new LinkedHashMap<>();
			for (String mode : modes) {
				if (mode.startsWith("sqs[") && mode.endsWith("]")) {
					// An A/B in one JVM: sqs[md5=false+completion=direct] is the ceiling through a
					// client of its own with these options over the others.
					Map<String, String> variant = new HashMap<>(options);
					for (String setting : mode.substring(4, mode.length() - 1).split("\\+")) {
						int eq = setting.indexOf('=');
						if (eq > 0) {
							variant.put(setting.substring(0, eq), setting.substring(eq + 1));
						}
					}
					SqsAsyncClient client = sqsClient(sqsEndpoint, variant);
					variantClients.add(client);
					senders.put(mode, new SqsSender(client, queueUrl));
					continue;
				}
				senders.put(mode, switch (mode) {
					case "gateway" -> new GatewaySender(URI.create(required(options, "url")), required(options, "secret"),
							Integer.parseInt(options.getOrDefault("batch", "100")));
					case "sqs" -> new SqsSender(sqs, queueUrl);
					default -> throw new IllegalArgumentException("a mode is gateway, sqs or sqs[k=v+...], not " + mode);
				});
			}
			// Both ways warm (this JVM's client code, the gateway, the queue) before anything counts: in
			// steps of 10 s until two steps in a row are within 5 % of each other (at least `warmup`
			// seconds, at most `warmup-max`).
			for (String mode : modes) {
				double previous = 0;
				for (int elapsed = 10; ; elapsed += 10) {
					Result result = measure(sqs, cpu, queueUrl, senders.get(mode), runId + "-warm" + elapsed + "-" + mode,
							concurrency, 10, maxCalls);
					System.out.println("WARMUP " + result.json(mode, 0, concurrency));
					double rate = result.messages() / result.seconds();
					boolean steady = previous > 0 && Math.abs(rate - previous) <= 0.05 * previous;
					if ((elapsed >= warmup && steady) || elapsed >= warmupMax) {
						break;
					}
					previous = rate;
				}
			}
			// Then rounds, alternating, the order rotating from one round to the next.
			for (int round = 1; round <= rounds; round++) {
				for (int i = 0; i < modes.size(); i++) {
					String mode = modes.get((i + round - 1) % modes.size());
					Result result = measure(sqs, cpu, queueUrl, senders.get(mode), runId + "-r" + round + "-" + mode,
							concurrency, seconds, maxCalls);
					System.out.println("BENCH " + result.json(mode, round, concurrency));
				}
			}
		}
		variantClients.forEach(SqsAsyncClient::close);
		System.exit(0);
	}

	/**
	 * The SDK client of the ceiling, set up as the gateway's SqsConfiguration sets up its own
	 * (async, Netty, max concurrency 100) and with the same levers, so that an A/B can be run
	 * here without the gateway: {@code md5=false} turns off the SQS MD5 check of bodies and
	 * attributes in the answers, {@code completion=direct} completes the SDK's futures on its
	 * Netty thread instead of handing them to the SDK's completion executor.
	 */
	static SqsAsyncClient sqsClient(URI endpoint, Map<String, String> options) {
		boolean md5 = Boolean.parseBoolean(options.getOrDefault("md5", "true"));
		boolean direct = options.getOrDefault("completion", "sdk").equals("direct");
		SqsAsyncClientBuilder builder = SqsAsyncClient.builder()
			.httpClientBuilder(NettyNioAsyncHttpClient.builder().maxConcurrency(100).connectionTimeout(Duration.ofSeconds(2)))
			.endpointOverride(endpoint)
			.region(Region.US_EAST_1)
			.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x")))
			.checksumValidationEnabled(md5);
		if (direct) {
			builder.asyncConfiguration(async -> async.advancedOption(SdkAdvancedAsyncClientOption.FUTURE_COMPLETION_EXECUTOR,
					Runnable::run));
		}
		System.out.println("CLIENT {\"md5\":" + md5 + ",\"completion\":\"" + (direct ? "direct" : "sdk") + "\"}");
		return builder.build();
	}

	/**
	 * Writes one SendMessageBatch entry, in the SQS JSON protocol, for the message the gateway
	 * makes of one bench event, with {@code %ID%}, {@code %GROUP%} and {@code %DEDUP%} where the
	 * entry's id, group and deduplication id go: bench/wrk/sqs-batch.lua replays it.
	 */
	private static void writeTemplate(Path out, String runId) throws Exception {
		LegacyMessage message = new LegacyTranslator().translate(new FalconEventReader().read(JSON.readTree(event(runId, 41))))
			.get(0);
		Map<String, Object> attributes = new LinkedHashMap<>();
		message.attributes().forEach((name, value) -> attributes.put(name, Map.of("DataType", "String", "StringValue", value)));
		Map<String, Object> entry = new LinkedHashMap<>();
		entry.put("Id", "%ID%");
		entry.put("MessageBody", message.body());
		entry.put("MessageAttributes", attributes);
		entry.put("MessageGroupId", "%GROUP%");
		entry.put("MessageDeduplicationId", "%DEDUP%");
		Files.writeString(out, JSON.writeValueAsString(entry) + "\n");
	}

	private static Map<String, Long> parsePids(String spec) {
		Map<String, Long> pids = new LinkedHashMap<>();
		pids.put("client", ProcessHandle.current().pid());
		for (String pair : spec.split(",")) {
			if (!pair.isBlank()) {
				String[] parts = pair.split(":");
				pids.put(parts[0], Long.parseLong(parts[1]));
			}
		}
		return pids;
	}

	/** CPU time (user + system) of the processes named by cpu-pids=, and of this JVM, from /proc. */
	record CpuClock(Map<String, Long> pids) {

		Map<String, Long> read() {
			Map<String, Long> ticks = new LinkedHashMap<>();
			pids.forEach((name, pid) -> {
				try {
					String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
					String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
					// utime and stime are fields 14 and 15 of stat, 12 and 13 after the command.
					ticks.put(name, Long.parseLong(fields[11]) + Long.parseLong(fields[12]));
				}
				catch (Exception ex) {
					ticks.put(name, -1L);
				}
			});
			return ticks;
		}

	}

	/** One bounded run from an empty queue; what the queue holds afterwards is counted, then purged. */
	private static Result measure(SqsAsyncClient sqs, CpuClock cpu, String queueUrl, Sender sender, String runId, int concurrency,
			int seconds, long maxCalls) throws InterruptedException {
		sqs.purgeQueue(request -> request.queueUrl(queueUrl)).join();
		Map<String, Long> before = cpu.read();
		Result result = run(sender, runId, concurrency, Duration.ofSeconds(seconds), maxCalls);
		Map<String, Long> after = cpu.read();
		Map<String, Long> cpuTicks = new LinkedHashMap<>();
		before.forEach((name, ticks) -> cpuTicks.put(name, (ticks < 0) ? -1 : after.get(name) - ticks));
		long onQueue = Long.parseLong(sqs
			.getQueueAttributes(request -> request.queueUrl(queueUrl)
				.attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
			.join()
			.attributes()
			.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
		sqs.purgeQueue(request -> request.queueUrl(queueUrl)).join();
		return result.withOnQueue(onQueue).withCpu(cpuTicks);
	}

	private static String required(Map<String, String> options, String key) {
		String value = options.get(key);
		if (value == null || value.isBlank()) {
			throw new IllegalArgumentException("missing " + key + "=...");
		}
		return value;
	}

	/** One call (a request to the gateway, or a SendMessageBatch); answers the messages it put on the queue. */
	interface Sender {

		int call(String runId, long firstEvent) throws Exception;

		/** Events (and so messages) per call. */
		int eventsPerCall();

	}

	record Result(long messages, long calls, long failedCalls, double seconds, long[] latenciesNanos, long onQueue,
			Map<String, Long> cpuTicks) {

		Result withOnQueue(long count) {
			return new Result(messages, calls, failedCalls, seconds, latenciesNanos, count, cpuTicks);
		}

		Result withCpu(Map<String, Long> ticks) {
			return new Result(messages, calls, failedCalls, seconds, latenciesNanos, onQueue, ticks);
		}

		/** CPU µs per message the queue holds, per process (clock ticks of 10 ms). */
		private String cpuJson() {
			StringBuilder json = new StringBuilder("{");
			cpuTicks.forEach((name, ticks) -> {
				if (json.length() > 1) {
					json.append(',');
				}
				double perMessage = (ticks < 0 || onQueue <= 0) ? -1 : ticks * 10_000.0 / onQueue;
				json.append(String.format(Locale.ROOT, "\"%s\":%.1f", name, perMessage));
			});
			return json.append('}').toString();
		}

		String json(String mode, int round, int concurrency) {
			long[] sorted = latenciesNanos.clone();
			Arrays.sort(sorted);
			return String.format(Locale.ROOT,
					"{\"mode\":\"%s\",\"round\":%d,\"concurrency\":%d,\"messages\":%d,\"calls\":%d,"
							+ "\"failed_calls\":%d,\"seconds\":%.3f,\"msgs_per_s\":%.1f,\"call_p50_ms\":%.2f,"
							+ "\"call_p99_ms\":%.2f,\"messages_on_queue\":%d,\"cpu_us_per_msg\":%s,\"load\":\"%s\"}",
					mode, round, concurrency, messages, calls, failedCalls, seconds, messages / seconds,
					percentile(sorted, 0.50) / 1e6, percentile(sorted, 0.99) / 1e6, onQueue, cpuJson(), loadAverage());
		}

		private static String loadAverage() {
			try {
				return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
			}
			catch (Exception ex) {
				return "?";
			}
		}

		private static double percentile(long[] sorted, double p) {
			if (sorted.length == 0) {
				return 0;
			}
			return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
		}

	}

	private static Result run(Sender sender, String runId, int concurrency, Duration duration, long maxCalls)
			throws InterruptedException {
		AtomicLong budget = new AtomicLong(maxCalls);
		AtomicLong messages = new AtomicLong();
		AtomicLong failed = new AtomicLong();
		List<long[]> latencies = new ArrayList<>();
		int[] counts = new int[concurrency];
		List<Thread> threads = new ArrayList<>();
		long start = System.nanoTime();
		long deadline = start + duration.toNanos();
		for (int t = 0; t < concurrency; t++) {
			long[] mine = new long[(int) Math.min(maxCalls, 2_000_000)];
			latencies.add(mine);
			int index = t;
			Thread thread = new Thread(() -> {
				while (System.nanoTime() < deadline) {
					long call = maxCalls - budget.getAndDecrement();
					if (call >= maxCalls) {
						return;
					}
					long began = System.nanoTime();
					try {
						int sent = sender.call(runId, call * sender.eventsPerCall());
						messages.addAndGet(sent);
						if (sent < sender.eventsPerCall()) {
							failed.incrementAndGet();
						}
					}
					catch (Exception ex) {
						failed.incrementAndGet();
						if (failed.get() <= 5) {
							System.err.println("call failed: " + ex);
						}
					}
					if (counts[index] < mine.length) {
						mine[counts[index]++] = System.nanoTime() - began;
					}
				}
			}, "sender-" + t);
			threads.add(thread);
			thread.start();
		}
		for (Thread thread : threads) {
			thread.join();
		}
		double seconds = (System.nanoTime() - start) / 1e9;
		int total = Arrays.stream(counts).sum();
		long[] all = new long[total];
		int at = 0;
		for (int t = 0; t < concurrency; t++) {
			System.arraycopy(latencies.get(t), 0, all, at, counts[t]);
			at += counts[t];
		}
		return new Result(messages.get(), total, failed.get(), seconds, all, -1, Map.of());
	}

	/** One falcon.message.posted.v1 CloudEvent, unique per run and number, spread over 1000 rooms. */
	static String event(String runId, long n) {
		return "{\"specversion\":\"1.0\",\"id\":\"" + runId + "-" + n
				+ "\",\"source\":\"/falcon/write-api\",\"type\":\"falcon.message.posted.v1\",\"time\":\""
				+ Instant.now().truncatedTo(ChronoUnit.SECONDS) + "\",\"data\":{\"roomId\":\"" + (1 + n % 1000)
				+ "\",\"messageId\":\"" + (n + 1) + "\",\"authorId\":\"7\",\"body\":\"" + BODY + "\"}}";
	}

	/** Posts signed batches to the gateway's POST /events. */
	static final class GatewaySender implements Sender {

		private final HttpClient http = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Duration.ofSeconds(2))
			.build();

		private final URI url;

		private final byte[] key;

		private final int batch;

		GatewaySender(URI url, String secret, int batch) {
			if (!secret.startsWith("whsec_")) {
				throw new IllegalArgumentException("the secret must be whsec_<base64>");
			}
			this.url = url;
			this.key = Base64.getDecoder().decode(secret.substring("whsec_".length()));
			this.batch = batch;
		}

		@Override
		public int eventsPerCall() {
			return batch;
		}

		@Override
		public int call(String runId, long firstEvent) throws Exception {
			StringBuilder body = new StringBuilder(batch * 320).append('[');
			for (int i = 0; i < batch; i++) {
				if (i > 0) {
					body.append(',');
				}
				body.append(event(runId, firstEvent + i));
			}
			byte[] bytes = body.append(']').toString().getBytes(StandardCharsets.UTF_8);
			String id = "msg_" + runId + "_" + firstEvent;
			String timestamp = Long.toString(Instant.now().getEpochSecond());
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(key, "HmacSHA256"));
			mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
			String signature = Base64.getEncoder().encodeToString(mac.doFinal(bytes));
			HttpResponse<String> response = http.send(HttpRequest.newBuilder(url)
				.timeout(Duration.ofSeconds(30))
				.header("Content-Type", "application/cloudevents-batch+json")
				.header("webhook-id", id)
				.header("webhook-timestamp", timestamp)
				.header("webhook-signature", "v1," + signature)
				.POST(HttpRequest.BodyPublishers.ofByteArray(bytes))
				.build(), HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() != 202) {
				throw new IllegalStateException("answer " + response.statusCode() + ": "
						+ response.body().substring(0, Math.min(300, response.body().length())));
			}
			return batch;
		}

	}

	/**
	 * Sends SendMessageBatch calls of 10 straight to the queue: the ceiling. Group and
	 * deduplication ids as delivery.sqs.SqsMessages makes them (the room; the eid, which is
	 * short and plain here).
	 */
	static final class SqsSender implements Sender {

		private static final int ENTRIES = 10;

		private final FalconEventReader reader = new FalconEventReader();

		private final LegacyTranslator translator = new LegacyTranslator();

		private final SqsAsyncClient sqs;

		private final String queueUrl;

		SqsSender(SqsAsyncClient sqs, String queueUrl) {
			this.sqs = sqs;
			this.queueUrl = queueUrl;
		}

		@Override
		public int eventsPerCall() {
			return ENTRIES;
		}

		@Override
		public int call(String runId, long firstEvent) {
			List<SendMessageBatchRequestEntry> entries = new ArrayList<>(ENTRIES);
			for (int i = 0; i < ENTRIES; i++) {
				LegacyMessage message = translator
					.translate(reader.read(JSON.readTree(event(runId, firstEvent + i))))
					.get(0);
				Map<String, MessageAttributeValue> attributes = new LinkedHashMap<>();
				message.attributes()
					.forEach((name, value) -> attributes.put(name,
							MessageAttributeValue.builder().dataType("String").stringValue(value).build()));
				entries.add(SendMessageBatchRequestEntry.builder()
					.id(Integer.toString(i))
					.messageBody(message.body())
					.messageAttributes(attributes)
					.messageGroupId(Long.toString(message.roomId()))
					.messageDeduplicationId(message.eid())
					.build());
			}
			SendMessageBatchResponse response = sqs
				.sendMessageBatch(request -> request.queueUrl(queueUrl).entries(entries))
				.join();
			return response.successful().size();
		}

	}

}
