import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;

/** scripts/produce-event: one structured-mode CloudEvent record on Falcon's event log. */
class ProduceEvent {

	public static void main(String[] args) throws Exception {
		String room = (args.length > 0) ? args[0] : "42";
		String body = (args.length > 1) ? args[1] : "Hello from Falcon's event log";
		String kafka = System.getenv().getOrDefault("KAFKA", "localhost:9092");
		String topic = System.getenv().getOrDefault("TOPIC", "falcon.events");
		long now = System.currentTimeMillis();
		String event = """
				{"specversion":"1.0","id":"demo-kafka-%d","source":"/falcon/write-api","type":"falcon.message.posted.v1",\
				"time":"%s","data":{"roomId":"%s","messageId":"%d","authorId":"7","body":"%s"}}"""
			.formatted(now, Instant.ofEpochMilli(now).truncatedTo(ChronoUnit.MILLIS), room, now,
					body.replace("\\", "\\\\").replace("\"", "\\\""));
		try (KafkaProducer<String, String> producer = new KafkaProducer<>(
				Map.of("bootstrap.servers", kafka, "acks", "all", "max.block.ms", 10000), new StringSerializer(), new StringSerializer())) {
			ProducerRecord<String, String> record = new ProducerRecord<>(topic, room, event);
			record.headers().add("content-type", "application/cloudevents+json".getBytes(StandardCharsets.UTF_8));
			RecordMetadata written = producer.send(record).get();
			System.out.println("written to " + written.topic() + "-" + written.partition() + " at offset "
					+ written.offset() + ": " + event);
		}
	}

}
