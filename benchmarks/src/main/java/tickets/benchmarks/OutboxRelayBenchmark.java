package tickets.benchmarks;

import tickets.contracts.Topics;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The outbox relay on its own: rows committed into reservations' outbox table by plain JDBC
 * (a type no consumer knows, so nothing reacts), timed from the commit's return to the record's
 * arrival on {@code reservations.events}.
 */
final class OutboxRelayBenchmark {

    /** Sustained rate: latency per record. */
    record Steady(int perSecond, Latency latency) {
    }

    /** One big transaction: when the first and the last record arrived after the commit, and the rate between. */
    record Burst(int rows, double firstAfterMillis, double lastAfterMillis, double recordsPerSecond) {
    }

    private static final String INSERT = """
            insert into outbox (id, aggregatetype, aggregateid, type, payload, source, correlation_id, causation_id)
            values (?, 'Benchmark', ?, 'BenchmarkPing', cast(? as jsonb), 'benchmark', ?, ?)""";

    private final Stack stack;

    OutboxRelayBenchmark(Stack stack) {
        this.stack = stack;
    }

    Steady steady(int records, int perSecond) throws Exception {
        Map<String, Long> committedAt = new ConcurrentHashMap<>();
        Map<String, Long> arrivedAt = new ConcurrentHashMap<>();
        try (Connection db = stack.database("reservations");
             PreparedStatement insert = db.prepareStatement(INSERT);
             var watcher = new Kafka.Watcher(stack.kafka(), Topics.RESERVATIONS,
                     (record, arrived) -> arrivedAt.putIfAbsent(record.key(), arrived))) {
            long began = System.nanoTime();
            for (int i = 0; i < records; i++) {
                Pace.until(began + (long) (i * 1e9 / perSecond));
                String key = UUID.randomUUID().toString();
                bind(insert, key);
                insert.executeUpdate(); // autocommit: one transaction per row
                committedAt.put(key, System.nanoTime());
            }
            FlashSale.waitFor(() -> arrivedAt.keySet().containsAll(committedAt.keySet()), "every outbox row on Kafka");
        }
        Latency latency = new Latency();
        committedAt.forEach((key, committed) -> latency.recordNanos(arrivedAt.get(key) - committed));
        return new Steady(perSecond, latency);
    }

    Burst burst(int rows) throws Exception {
        java.util.Set<String> keys = ConcurrentHashMap.newKeySet();
        AtomicLong first = new AtomicLong();
        AtomicLong last = new AtomicLong();
        java.util.concurrent.atomic.AtomicInteger arrived = new java.util.concurrent.atomic.AtomicInteger();
        try (Connection db = stack.database("reservations");
             var watcher = new Kafka.Watcher(stack.kafka(), Topics.RESERVATIONS, (record, arrivedAt) -> {
                 if (keys.contains(record.key())) {
                     first.compareAndSet(0, arrivedAt);
                     last.set(arrivedAt);
                     arrived.incrementAndGet();
                 }
             })) {
            db.setAutoCommit(false);
            try (PreparedStatement insert = db.prepareStatement(INSERT)) {
                for (int i = 0; i < rows; i++) {
                    String key = UUID.randomUUID().toString();
                    keys.add(key);
                    bind(insert, key);
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            db.commit();
            long committed = System.nanoTime();
            FlashSale.waitFor(() -> arrived.get() >= rows, "every row of the big transaction on Kafka");
            double firstMs = (first.get() - committed) / 1e6;
            double lastMs = (last.get() - committed) / 1e6;
            return new Burst(rows, firstMs, lastMs, rows / ((last.get() - first.get()) / 1e9));
        }
    }

    private static void bind(PreparedStatement insert, String key) throws java.sql.SQLException {
        insert.setObject(1, UUID.randomUUID());
        insert.setString(2, key);
        insert.setString(3, "{\"ping\":\"" + key + "\",\"padding\":\"" + "x".repeat(200) + "\"}");
        insert.setString(4, key);
        insert.setString(5, key);
    }
}
