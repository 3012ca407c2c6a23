package tickets.benchmarks;

import tickets.devstack.CpuUse;

import org.apache.kafka.clients.producer.KafkaProducer;
import tickets.contracts.Topics;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A flash sale against reservations-service: {@code buyers} confirmed carts of one ticket each,
 * spread evenly over {@code levels} levels of one concert, injected onto {@code carts.events} as
 * fast as the producer goes (or at an offered rate). Measured: decisions per second (first cart
 * sent → last cart decided in the database), the latency of each decision as the buyer would see
 * it (cart sent → its ReservationCreated/Rejected on {@code reservations.events}, through the outbox
 * relay), and the outcome checked in full: never oversold, every cart decided exactly once.
 */
final class FlashSale {

    /** What one run measured and found. */
    record Result(String name, int buyers, int tickets, int levels, int offeredPerSecond, double decisionsPerSecond,
                  Latency latency, int held, int rejected, int reserved, int decisionsOnKafka, int cartsDecidedTwice,
                  int cartsUndecided, CpuUse cpu) {

        boolean correct() {
            return held == Math.min(buyers, tickets) && reserved == held && rejected == buyers - held
                    && cartsDecidedTwice == 0 && cartsUndecided == 0 && decisionsOnKafka == buyers;
        }
    }

    private final Stack stack;

    FlashSale(Stack stack) {
        this.stack = stack;
    }

    /** @param offeredPerSecond carts sent per second; 0: all at once */
    Result run(String name, int buyers, int levels, int ticketsPerLevel, int offeredPerSecond) throws Exception {
        UUID concert = UUID.randomUUID();
        List<String> levelNames = new ArrayList<>();
        for (int i = 0; i < levels; i++) {
            levelNames.add("Level " + i);
        }
        try (KafkaProducer<String, String> producer = Kafka.producer(stack.kafka());
             Connection db = stack.database("reservations")) {
            createConcert(producer, concert, levelNames, ticketsPerLevel);
            waitFor(() -> count(db, "select count(*) from level_capacity where concert_id = ?", concert) == levels,
                    "the concert's levels to reach reservations");

            List<UUID> carts = new ArrayList<>(buyers);
            for (int i = 0; i < buyers; i++) {
                carts.add(UUID.randomUUID());
            }
            Map<String, Long> sentAt = new ConcurrentHashMap<>();
            Map<String, AtomicInteger> decisions = new ConcurrentHashMap<>();
            Latency latency = new Latency();
            try (var watcher = new Kafka.Watcher(stack.kafka(), Topics.RESERVATIONS, (record, arrivedAt) -> {
                // a decision carries its cart's correlation id, which is the cart id (Kafka.event)
                String cart = Kafka.header(record, tickets.contracts.EventHeaders.CORRELATION_ID);
                Long sent = cart == null ? null : sentAt.get(cart);
                if (sent != null && decisions.computeIfAbsent(cart, c -> new AtomicInteger()).incrementAndGet() == 1) {
                    latency.recordNanos(arrivedAt - sent);
                }
            })) {
                CpuUse cpuBefore = CpuUse.now();
                java.time.Instant sentFirst = java.time.Instant.now();
                long began = System.nanoTime();
                for (int i = 0; i < buyers; i++) {
                    if (offeredPerSecond > 0) {
                        long due = began + (long) (i * 1e9 / offeredPerSecond);
                        Pace.until(due);
                    }
                    UUID cart = carts.get(i);
                    sentAt.put(cart.toString(), System.nanoTime());
                    producer.send(Kafka.event(Topics.CARTS, cart.toString(), "CartConfirmed", """
                            {"cartId":"%s","userId":"%s","lines":[{"concertId":"%s","ticketLevel":"%s","quantity":1,\
                            "unitPriceMinor":5000}],"totalMinor":5000,"currency":"EUR"}"""
                            .formatted(cart, UUID.randomUUID(), concert, levelNames.get(i % levels))));
                }
                producer.flush();
                Array cartIds = db.createArrayOf("uuid", carts.toArray());
                waitFor(() -> decisions.size() == buyers, "every decision to reach reservations.events", 20);
                // until every decision is on Kafka: the relay's share of the work is done by then
                CpuUse cpu = CpuUse.now().since(cpuBefore);
                // when the last decision was committed, read afterwards (track_commit_timestamp): polling the
                // database for it during the run would take CPU from the servers under test
                double decidedAfter = Duration.between(sentFirst, lastCommit(db, cartIds)).toNanos() / 1e9;
                Thread.sleep(500); // a doubled decision would arrive about now
                int held = (int) count(db, "select count(*) from reservation_view where cart_id = any(?) and status = 'ACTIVE'",
                        cartIds);
                int rejected = (int) count(db,
                        "select count(*) from reservation_view where cart_id = any(?) and status = 'REJECTED'", cartIds);
                int reserved = (int) count(db, "select coalesce(sum(reserved), 0) from level_capacity where concert_id = ?",
                        concert);
                int twice = (int) decisions.values().stream().filter(n -> n.get() > 1).count()
                        + (int) count(db, "select count(*) from (select cart_id from reservation_view where cart_id = any(?)"
                        + " group by cart_id having count(*) > 1) doubled", cartIds);
                int undecided = buyers - (int) count(db,
                        "select count(distinct cart_id) from reservation_view where cart_id = any(?)", cartIds);
                int onKafka = decisions.values().stream().mapToInt(AtomicInteger::get).sum();
                return new Result(name, buyers, levels * ticketsPerLevel, levels, offeredPerSecond, buyers / decidedAfter,
                        latency, held, rejected, reserved, onKafka, twice, undecided, cpu);
            }
        }
    }

    private void createConcert(KafkaProducer<String, String> producer, UUID concert, List<String> levels, int capacity)
            throws Exception {
        StringBuilder ticketLevels = new StringBuilder();
        for (String level : levels) {
            ticketLevels.append(ticketLevels.isEmpty() ? "" : ",").append("""
                    {"name":"%s","capacity":%d,"priceMinor":5000,"currency":"EUR","deliveryMethod":"ONLINE"}"""
                    .formatted(level, capacity));
        }
        producer.send(Kafka.event(Topics.CONCERTS, concert.toString(), "ConcertCreated", """
                {"concertId":"%s","title":"Flash sale","artist":"Benchmark","venue":"Arena","startsAt":"2030-01-01T20:00:00Z",\
                "ticketLevels":[%s]}""".formatted(concert, ticketLevels))).get();
    }

    /** When the last of these carts' decisions was committed (the read-model rows are written with the decision). */
    private static java.time.Instant lastCommit(Connection db, Array cartIds) throws SQLException {
        try (PreparedStatement statement = db.prepareStatement(
                "select max(pg_xact_commit_timestamp(xmin)) from reservation_view where cart_id = any(?)")) {
            statement.setArray(1, cartIds);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getObject(1, java.time.OffsetDateTime.class).toInstant();
            }
        }
    }

    static long count(Connection db, String sql, Object parameter) {
        try (PreparedStatement statement = db.prepareStatement(sql)) {
            statement.setObject(1, parameter);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static void waitFor(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        waitFor(condition, what, 10);
    }

    static void waitFor(java.util.function.BooleanSupplier condition, String what, long pollMillis)
            throws InterruptedException {
        long deadline = System.nanoTime() + Long.getLong("tickets.benchmarks.patience-seconds", 180) * 1_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("gave up waiting for " + what);
            }
            Thread.sleep(pollMillis);
        }
    }
}
