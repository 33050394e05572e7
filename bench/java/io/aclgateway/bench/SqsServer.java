package io.aclgateway.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

import io.aclgateway.testing.EmbeddedSqs;

/**
 * The bench's queue: the project's embedded ElasticMQ on a loopback port, with one FIFO queue
 * (explicit deduplication ids, as the legacy queue is). Writes the queue URL to a file, then
 * serves until the process is stopped.
 *
 * <pre>java -cp target/test-classes:&lt;test classpath&gt;:bench/target/classes \
 *   io.aclgateway.bench.SqsServer PORT QUEUE_NAME URL_FILE</pre>
 */
public final class SqsServer {

	private SqsServer() {
	}

	public static void main(String[] args) throws Exception {
		if (args.length != 3) {
			System.err.println("usage: SqsServer PORT QUEUE_NAME URL_FILE");
			System.exit(2);
		}
		int port = Integer.parseInt(args[0]);
		EmbeddedSqs sqs = EmbeddedSqs.startOn(port);
		String queueUrl = sqs.createFifoQueue(args[1]);
		CountDownLatch stopped = new CountDownLatch(1);
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			sqs.close();
			stopped.countDown();
		}, "sqs-server-stop"));
		Path urlFile = Path.of(args[2]);
		Path partial = urlFile.resolveSibling(urlFile.getFileName() + ".tmp");
		Files.writeString(partial, queueUrl + "\n");
		Files.move(partial, urlFile);
		System.out.println("ElasticMQ on " + sqs.endpoint() + ", queue " + queueUrl);
		stopped.await();
	}

}
