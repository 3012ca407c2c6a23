package tickets.benchmarks;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The physical floor of one hop on Kafka: a record produced and consumed by plain clients on the
 * same broker (producer linger 1 ms, consumer polling), at a steady rate. Latency = consumed − sent.
 */
final class KafkaRoundTrip {

    private final Stack stack;

    KafkaRoundTrip(Stack stack) {
        this.stack = stack;
    }

    Latency measure(int records, int perSecond) throws Exception {
        String topic = "bench.roundtrip";
        Latency latency = new Latency();
        try (KafkaProducer<String, String> producer = Kafka.producer(stack.kafka())) {
            producer.send(new ProducerRecord<>(topic, "create", "0")).get(); // the topic exists before the watcher looks
            try (var watcher = new Kafka.Watcher(stack.kafka(), topic,
                    (record, arrivedAt) -> latency.recordNanos(arrivedAt - Long.parseLong(record.value())))) {
                long began = System.nanoTime();
                for (int i = 0; i < records; i++) {
                    long due = began + (long) (i * 1e9 / perSecond);
                    Pace.until(due);
                    producer.send(new ProducerRecord<>(topic, Integer.toString(i), Long.toString(System.nanoTime())));
                }
                producer.flush();
                FlashSale.waitFor(() -> latency.count() >= records, "the round-trip records");
            }
        }
        return latency;
    }
}
