package io.aclgateway.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * The bench's Kafka: the embedded KRaft broker of spring-kafka-test (as the demo's), one broker,
 * with Falcon's event log topic in the given number of partitions. Writes the bootstrap address to
 * a file, then serves until the process is stopped.
 *
 * <pre>java -cp &lt;test classpath&gt;:bench classes io.aclgateway.bench.KafkaBroker TOPIC PARTITIONS ADDRESS_FILE</pre>
 */
public final class KafkaBroker {

	private KafkaBroker() {
	}

	public static void main(String[] args) throws Exception {
		if (args.length != 3) {
			System.err.println("usage: KafkaBroker TOPIC PARTITIONS ADDRESS_FILE");
			System.exit(2);
		}
		EmbeddedKafkaKraftBroker kafka = new EmbeddedKafkaKraftBroker(1, Integer.parseInt(args[1]), args[0]);
		kafka.afterPropertiesSet();
		CountDownLatch stopped = new CountDownLatch(1);
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			kafka.destroy();
			stopped.countDown();
		}, "kafka-stop"));
		Path addressFile = Path.of(args[2]);
		Path partial = addressFile.resolveSibling(addressFile.getFileName() + ".tmp");
		Files.writeString(partial, kafka.getBrokersAsString() + "\n");
		Files.move(partial, addressFile);
		System.out.println("Kafka (KRaft) on " + kafka.getBrokersAsString() + ", topic " + args[0] + " in " + args[1]
				+ " partitions");
		stopped.await();
	}

}
