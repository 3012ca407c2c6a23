package tickets.concerts.benchmarks;

import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import tickets.contracts.Topics;
import tickets.devstack.Devstack;
import tickets.testkit.InjectDevstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Commit to Kafka: how long after an outbox row commits does a consumer receive it through the
 * Debezium relay? Prints p50/p99 and writes them to target/benchmarks; not part of the default
 * test run (see README, "Benchmarks").
 */
@QuarkusTest
@Tag("benchmark")
class OutboxLatencyBenchmark {

    private static final int WARM_UP = 50;
    private static final int MEASURED = 300;

    @InjectDevstack
    Devstack devstack;

    @Test
    void commit_to_consumer_latency_through_the_relay() throws Exception {
        Map<String, Long> received = new ConcurrentHashMap<>();
        AtomicBoolean running = new AtomicBoolean(true);
        Thread consumerThread = startConsumer(received, running);
        Map<String, Long> committed = new ConcurrentHashMap<>();
        List<String> measuredKeys = new ArrayList<>();
        try (Connection db = DriverManager.getConnection(devstack.postgres().jdbcUrl("concerts"), "postgres", "postgres");
             PreparedStatement insert = db.prepareStatement("""
                     insert into outbox (id, aggregatetype, aggregateid, type, payload, source, correlation_id, causation_id)
                     values (?, 'Benchmark', ?, 'BenchmarkEvent', '{"n":1}'::jsonb, 'concerts', ?, ?)""")) {
            for (int i = 0; i < WARM_UP + MEASURED; i++) {
                String key = UUID.randomUUID().toString();
                insert.setObject(1, UUID.randomUUID());
                insert.setString(2, key);
                insert.setString(3, key);
                insert.setString(4, key);
                insert.executeUpdate(); // auto-commit: returns after the commit
                committed.put(key, System.nanoTime());
                if (i >= WARM_UP) {
                    measuredKeys.add(key);
                }
                Thread.sleep(5);
            }
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!received.keySet().containsAll(measuredKeys) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        running.set(false);
        consumerThread.join();
        assertThat(received.keySet()).containsAll(measuredKeys);

        List<Double> millis = new ArrayList<>();
        for (String key : measuredKeys) {
            millis.add((received.get(key) - committed.get(key)) / 1e6);
        }
        Collections.sort(millis);
        String report = String.format(java.util.Locale.ROOT,
                "%s commit->consumed through the Debezium relay, %d events (after %d warm-up), 5 ms apart: "
                        + "p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms (%d cores)",
                LocalDate.now(), MEASURED, WARM_UP, percentile(millis, 50), percentile(millis, 90),
                percentile(millis, 99), millis.getLast(), Runtime.getRuntime().availableProcessors());
        System.out.println("BENCHMARK " + report);
        Path out = Path.of("target/benchmarks/outbox-latency.txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report + System.lineSeparator());
    }

    private Thread startConsumer(Map<String, Long> received, AtomicBoolean running) throws InterruptedException {
        java.util.concurrent.CountDownLatch assigned = new java.util.concurrent.CountDownLatch(1);
        Thread thread = new Thread(() -> {
            Properties props = new Properties();
            props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, devstack.kafka().bootstrapServers());
            props.put(ConsumerConfig.GROUP_ID_CONFIG, "benchmark-" + UUID.randomUUID());
            props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
            props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
            props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "5");
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
                List<TopicPartition> partitions = consumer.partitionsFor(Topics.CONCERTS).stream()
                        .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
                consumer.assign(partitions);
                consumer.seekToEnd(partitions);
                partitions.forEach(consumer::position);
                assigned.countDown();
                while (running.get()) {
                    for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(20))) {
                        received.putIfAbsent(record.key(), System.nanoTime());
                    }
                }
            }
        }, "benchmark-consumer");
        thread.start();
        assigned.await();
        return thread;
    }

    private static double percentile(List<Double> sorted, int percentile) {
        int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }
}
