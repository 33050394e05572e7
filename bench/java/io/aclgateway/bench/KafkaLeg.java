package io.aclgateway.bench;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The Kafka leg of the bench (bench/kafka.sh, issue 13): Falcon's side and the stopwatch.
 * <ol>
 * <li>writes {@code warmup-events + events} {@code falcon.message.posted.v1} events to the topic
 * in structured mode, keyed by room (the same events as {@link EventLoad}'s, over its 1,000
 * rooms), before the gateway starts; then writes {@code ready-file};</li>
 * <li>once the gateway's pid is in {@code pid-file}, samples every {@code sample-ms}: the messages
 * on the queue, the relay group's committed offsets, the log's end offsets, and the CPU time of
 * the gateway, the broker and the queue from {@code /proc}; the first {@code warmup-events}
 * warm the gateway's JIT, the next {@code events} are measured: events/s from the sample where
 * the queue holds {@code warmup-events} messages to the one where it holds all of them
 * (interpolated between samples), the gateway's CPU per event over that window, the lag (end
 * offset − committed, summed over partitions) and how far the commit trails the queue;</li>
 * <li>then, if {@code live-rate} &gt; 0, writes {@code live-rate} events/s for
 * {@code live-seconds} while the gateway runs, and samples the lag under that load: records not
 * yet on the queue, and records not yet committed.</li>
 * </ol>
 * Prints {@code KAFKA {json}} and the samples as {@code SAMPLE {json}} lines.
 */
public final class KafkaLeg {

	private static final String GROUP_DEFAULT = "acl-gateway-relay";

	private KafkaLeg() {
	}

	public static void main(String[] args) throws Exception {
		Map<String, String> options = new HashMap<>();
		for (String arg : args) {
			int eq = arg.indexOf('=');
			options.put(arg.substring(0, eq), arg.substring(eq + 1));
		}
		String bootstrap = options.get("bootstrap");
		String topic = options.getOrDefault("topic", "falcon.events");
		String group = options.getOrDefault("group", GROUP_DEFAULT);
		long events = Long.parseLong(options.getOrDefault("events", "100000"));
		long warmupEvents = Long.parseLong(options.getOrDefault("warmup-events", "50000"));
		int partitions = Integer.parseInt(options.getOrDefault("partitions", "6"));
		String runId = options.getOrDefault("run-id", "kafka" + System.currentTimeMillis());
		String queueUrl = options.get("queue-url");
		URI sqsEndpoint = URI.create(options.get("sqs-endpoint"));
		Path readyFile = Path.of(options.get("ready-file"));
		Path pidFile = Path.of(options.get("pid-file"));
		int brokerPid = Integer.parseInt(options.getOrDefault("broker-pid", "0"));
		int sqsPid = Integer.parseInt(options.getOrDefault("sqs-pid", "0"));
		long clkTck = Long.parseLong(options.getOrDefault("clk-tck", "100"));
		long sampleMs = Long.parseLong(options.getOrDefault("sample-ms", "200"));
		int timeoutSeconds = Integer.parseInt(options.getOrDefault("timeout", "900"));
		double liveRate = Double.parseDouble(options.getOrDefault("live-rate", "0"));
		int liveSeconds = Integer.parseInt(options.getOrDefault("live-seconds", "30"));

		Map<String, Object> producerConfig = new HashMap<>();
		producerConfig.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
		producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
		producerConfig.put(ProducerConfig.LINGER_MS_CONFIG, 10);
		producerConfig.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
		try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerConfig, new StringSerializer(),
				new ByteArraySerializer());
				Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
				SqsClient sqs = SqsClient.builder()
					.endpointOverride(sqsEndpoint)
					.region(Region.US_EAST_1)
					.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x")))
					.build()) {
			long total = warmupEvents + events;
			long began = System.nanoTime();
			AtomicLong failed = new AtomicLong();
			for (long n = 0; n < total; n++) {
				producer.send(record(topic, runId, n), (metadata, ex) -> {
					if (ex != null) {
						failed.incrementAndGet();
					}
				});
			}
			producer.flush();
			double produceSeconds = (System.nanoTime() - began) / 1e9;
			if (failed.get() > 0) {
				throw new IllegalStateException(failed.get() + " records not written");
			}
			System.err.printf(Locale.ROOT, "wrote %d events in %.1f s (%.0f/s)%n", total, produceSeconds,
					total / produceSeconds);
			long end = sum(endOffsets(admin, topic, partitions));
			if (end < total) {
				throw new IllegalStateException("the log ends at " + end + ", expected at least " + total);
			}
			Files.writeString(readyFile, "ready\n");

			long deadline = System.nanoTime() + Duration.ofSeconds(timeoutSeconds).toNanos();
			while (!Files.exists(pidFile) || Files.readString(pidFile).isBlank()) {
				Thread.sleep(20);
			}
			int gatewayPid = Integer.parseInt(Files.readString(pidFile).trim());

			// Backlog: the gateway reads what Falcon wrote before it started.
			List<Sample> samples = new ArrayList<>();
			long start = System.nanoTime();
			while (System.nanoTime() < deadline) {
				Sample sample = sample(start, sqs, queueUrl, admin, group, topic, end, gatewayPid, brokerPid, sqsPid);
				samples.add(sample);
				System.out.println("SAMPLE " + sample.json("backlog"));
				if (sample.onQueue() >= total && sample.committed() >= end) {
					break;
				}
				Thread.sleep(sampleMs);
			}
			Sample last = samples.get(samples.size() - 1);
			if (last.onQueue() < total) {
				throw new IllegalStateException("timed out: " + last.onQueue() + " of " + total + " on the queue");
			}
			double tFirst = crossing(samples, 1);
			double tFrom = (warmupEvents > 0) ? crossing(samples, warmupEvents) : tFirst;
			double tLast = crossing(samples, total);
			Sample from = firstAtLeast(samples, warmupEvents);
			Sample to = firstAtLeast(samples, total);
			long lagMax = samples.stream().mapToLong(s -> s.end() - s.committed()).max().orElse(0);
			long trailMax = samples.stream().mapToLong(s -> s.onQueue() - s.committed()).max().orElse(0);
			double committedAt = samples.stream()
				.filter(s -> s.committed() >= end)
				.mapToDouble(Sample::seconds)
				.findFirst()
				.orElse(Double.NaN);
			// Steadiness: events/s per 10 s of the backlog.
			List<String> curve = new ArrayList<>();
			for (double t = tFirst; t < tLast; t += 10) {
				double a = t;
				double b = Math.min(t + 10, tLast);
				curve.add(String.format(Locale.ROOT, "%.0f", (onQueueAt(samples, b) - onQueueAt(samples, a)) / (b - a)));
			}
			String backlog = String.format(Locale.ROOT,
					"\"events\":%d,\"warmup_events\":%d,\"partitions\":%d,\"produce_s\":%.2f,"
							+ "\"first_message_s\":%.2f,\"measured_from_s\":%.2f,\"last_message_s\":%.2f,"
							+ "\"events_per_s\":%.1f,\"events_per_s_first_to_last\":%.1f,"
							+ "\"gateway_cpu_us_per_event\":%.1f,\"broker_cpu_us_per_event\":%.1f,\"sqs_cpu_us_per_event\":%.1f,"
							+ "\"gateway_cpu_cores\":%.2f,\"lag_max\":%d,\"commit_trail_max\":%d,\"all_committed_s\":%.2f,"
							+ "\"rate_per_10s\":[%s]",
					events, warmupEvents, partitions, produceSeconds, tFirst, tFrom, tLast, events / (tLast - tFrom),
					total / (tLast - tFirst), cpuMicros(to.gatewayTicks() - from.gatewayTicks(), clkTck, events),
					cpuMicros(to.brokerTicks() - from.brokerTicks(), clkTck, events),
					cpuMicros(to.sqsTicks() - from.sqsTicks(), clkTck, events),
					(to.gatewayTicks() - from.gatewayTicks()) / (double) clkTck / (to.seconds() - from.seconds()),
					lagMax, trailMax, committedAt, String.join(",", curve));

			String live = "";
			if (liveRate > 0) {
				live = "," + live(producer, sqs, queueUrl, admin, group, topic, partitions, runId, total, liveRate,
						liveSeconds, sampleMs, gatewayPid, clkTck, deadline);
			}
			System.out.println("KAFKA {" + backlog + live + "}");
		}
		System.exit(0);
	}

	/**
	 * Writes {@code rate} events/s for {@code seconds} (paced every 10 ms) with the gateway running,
	 * sampling the lag, then waits for the gateway to catch up.
	 */
	private static String live(KafkaProducer<String, byte[]> producer, SqsClient sqs, String queueUrl, Admin admin,
			String group, String topic, int partitions, String runId, long first, double rate, int seconds,
			long sampleMs, int gatewayPid, long clkTck, long deadline) throws Exception {
		long end0 = sum(endOffsets(admin, topic, partitions));
		long queued0 = onQueue(sqs, queueUrl);
		long ticks0 = ticks(gatewayPid);
		AtomicLong written = new AtomicLong();
		Thread writer = new Thread(() -> {
			long began = System.nanoTime();
			long n = 0;
			while (true) {
				double elapsed = (System.nanoTime() - began) / 1e9;
				if (elapsed >= seconds) {
					break;
				}
				long due = (long) (elapsed * rate);
				for (; n < due; n++) {
					producer.send(record(topic, runId, first + n));
				}
				written.set(n);
				try {
					Thread.sleep(10);
				}
				catch (InterruptedException ex) {
					return;
				}
			}
			producer.flush();
			written.set(n);
		}, "live-writer");
		long start = System.nanoTime();
		writer.start();
		List<long[]> lags = new ArrayList<>();
		double seconds0 = 0;
		while (System.nanoTime() < deadline) {
			long endNow = sum(endOffsets(admin, topic, partitions));
			long committed = committed(admin, group, topic);
			long queued = onQueue(sqs, queueUrl);
			double t = (System.nanoTime() - start) / 1e9;
			lags.add(new long[] { (long) (t * 1000), endNow - end0 - (queued - queued0), endNow - committed });
			System.out.printf(Locale.ROOT, "SAMPLE {\"phase\":\"live\",\"s\":%.2f,\"written\":%d,\"not_on_queue\":%d,\"lag\":%d}%n",
					t, endNow - end0, endNow - end0 - (queued - queued0), endNow - committed);
			if (!writer.isAlive() && queued - queued0 >= written.get() && committed >= endNow) {
				seconds0 = t;
				break;
			}
			Thread.sleep(sampleMs);
		}
		writer.join();
		long ticks1 = ticks(gatewayPid);
		// Lag while the writer ran (the catch-up after it is reported as drain time).
		long[] during = lags.stream().filter(l -> l[0] <= seconds * 1000L).mapToLong(l -> l[2]).sorted().toArray();
		long[] behind = lags.stream().filter(l -> l[0] <= seconds * 1000L).mapToLong(l -> l[1]).sorted().toArray();
		return String.format(Locale.ROOT,
				"\"live_rate\":%.0f,\"live_seconds\":%d,\"live_written\":%d,\"live_lag_max\":%d,\"live_lag_p50\":%d,"
						+ "\"live_not_on_queue_max\":%d,\"live_not_on_queue_p50\":%d,\"live_drained_s\":%.2f,"
						+ "\"live_gateway_cpu_us_per_event\":%.1f",
				rate, seconds, written.get(), max(during), median(during), max(behind), median(behind), seconds0,
				cpuMicros(ticks1 - ticks0, clkTck, Math.max(1, written.get())));
	}

	private static long max(long[] sorted) {
		return (sorted.length == 0) ? 0 : sorted[sorted.length - 1];
	}

	private static long median(long[] sorted) {
		return (sorted.length == 0) ? 0 : sorted[sorted.length / 2];
	}

	/** Event {@code n} of the run in structured mode, keyed by its room (EventLoad's events). */
	private static ProducerRecord<String, byte[]> record(String topic, String runId, long n) {
		String room = Long.toString(1 + n % 1000);
		ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, room,
				EventLoad.event(runId, n).getBytes(StandardCharsets.UTF_8));
		record.headers()
			.add(new RecordHeader("content-type",
					"application/cloudevents+json; charset=utf-8".getBytes(StandardCharsets.UTF_8)));
		return record;
	}

	private record Sample(double seconds, long onQueue, long committed, long end, long gatewayTicks, long brokerTicks,
			long sqsTicks) {

		String json(String phase) {
			return String.format(Locale.ROOT,
					"{\"phase\":\"%s\",\"s\":%.2f,\"on_queue\":%d,\"committed\":%d,\"lag\":%d,\"gateway_ticks\":%d}",
					phase, seconds, onQueue, committed, end - committed, gatewayTicks);
		}

	}

	private static Sample sample(long start, SqsClient sqs, String queueUrl, Admin admin, String group, String topic,
			long end, int gatewayPid, int brokerPid, int sqsPid) {
		long queued = onQueue(sqs, queueUrl);
		long committed = committed(admin, group, topic);
		return new Sample((System.nanoTime() - start) / 1e9, queued, committed, end, ticks(gatewayPid),
				ticks(brokerPid), ticks(sqsPid));
	}

	/** The time the queue first held {@code count} messages, interpolated between samples. */
	private static double crossing(List<Sample> samples, long count) {
		Sample before = null;
		for (Sample sample : samples) {
			if (sample.onQueue() >= count) {
				if (before == null || sample.onQueue() == before.onQueue()) {
					return sample.seconds();
				}
				double fraction = (count - before.onQueue()) / (double) (sample.onQueue() - before.onQueue());
				return before.seconds() + fraction * (sample.seconds() - before.seconds());
			}
			before = sample;
		}
		return Double.NaN;
	}

	private static double onQueueAt(List<Sample> samples, double t) {
		Sample before = samples.get(0);
		for (Sample sample : samples) {
			if (sample.seconds() >= t) {
				if (sample.seconds() == before.seconds()) {
					return sample.onQueue();
				}
				double fraction = (t - before.seconds()) / (sample.seconds() - before.seconds());
				return before.onQueue() + fraction * (sample.onQueue() - before.onQueue());
			}
			before = sample;
		}
		return before.onQueue();
	}

	private static Sample firstAtLeast(List<Sample> samples, long count) {
		return samples.stream().filter(s -> s.onQueue() >= count).findFirst().orElseThrow();
	}

	private static double cpuMicros(long ticks, long clkTck, long events) {
		return ticks * 1e6 / clkTck / events;
	}

	/** utime + stime of a process, in clock ticks (0 when there is no such process). */
	private static long ticks(int pid) {
		if (pid <= 0) {
			return 0;
		}
		try {
			String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
			String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
			return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
		}
		catch (Exception ex) {
			return 0;
		}
	}

	private static long onQueue(SqsClient sqs, String queueUrl) {
		Map<QueueAttributeName, String> attributes = sqs
			.getQueueAttributes(request -> request.queueUrl(queueUrl)
				.attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
						QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
			.attributes();
		return Long.parseLong(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
				+ Long.parseLong(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
	}

	private static long committed(Admin admin, String group, String topic) {
		try {
			Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
				.partitionsToOffsetAndMetadata()
				.get();
			return offsets.entrySet()
				.stream()
				.filter(e -> e.getKey().topic().equals(topic) && e.getValue() != null)
				.mapToLong(e -> e.getValue().offset())
				.sum();
		}
		catch (InterruptedException | ExecutionException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static Map<Integer, Long> endOffsets(Admin admin, String topic, int partitions) {
		Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
		for (int p = 0; p < partitions; p++) {
			latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
		}
		try {
			Map<Integer, Long> ends = new HashMap<>();
			admin.listOffsets(latest).all().get().forEach((partition, info) -> ends.put(partition.partition(), info.offset()));
			return ends;
		}
		catch (InterruptedException | ExecutionException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static long sum(Map<Integer, Long> offsets) {
		return offsets.values().stream().mapToLong(Long::longValue).sum();
	}

}
