package tickets.reservations.benchmarks;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import tickets.contracts.EventHeaders;
import tickets.contracts.Topics;
import tickets.devstack.Devstack;
import tickets.testkit.InjectDevstack;
import tickets.testkit.TestDatabase;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reservation decisions per second when N confirmations for one ticket level arrive at once
 * (half of them can be served), for N = 1, 10, 50, 200. Prints and writes target/benchmarks;
 * not part of the default run (README, "Benchmarks").
 */
@QuarkusTest
@Tag("benchmark")
class ReservationRaceBenchmark {

    @InjectDevstack
    Devstack devstack;

    @Test
    void decisions_per_second_as_racing_confirmations_grow() throws Exception {
        List<String> report = new ArrayList<>();
        try (KafkaProducer<String, String> producer = producer()) {
            for (int n : new int[] {1, 10, 50, 200, 50}) {
                UUID concert = UUID.randomUUID();
                int capacity = Math.max(1, n / 2);
                send(producer, Topics.CONCERTS, concert.toString(), "ConcertCreated", """
                        {"concertId":"%s","title":"Bench","artist":"a","venue":"v","startsAt":"2030-01-01T00:00:00Z",
                         "ticketLevels":[{"name":"Regular","capacity":%d,"priceMinor":1000,"currency":"EUR","deliveryMethod":"ONLINE"}]}"""
                        .formatted(concert, capacity));
                waitUntil(() -> count("select count(*) from level_capacity where concert_id = ?", concert) == 1);
                List<UUID> carts = new ArrayList<>();
                long began = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    UUID cart = UUID.randomUUID();
                    carts.add(cart);
                    send(producer, Topics.CARTS, cart.toString(), "CartConfirmed", """
                            {"cartId":"%s","userId":"%s","lines":[{"concertId":"%s","ticketLevel":"Regular","quantity":1,
                             "unitPriceMinor":1000}],"totalMinor":1000,"currency":"EUR"}""".formatted(cart, UUID.randomUUID(), concert));
                }
                waitUntil(() -> count("select count(distinct cart_id) from reservation_view where cart_id = any(?)", carts) == n);
                double seconds = (System.nanoTime() - began) / 1e9;
                assertThat(count("select reserved from level_capacity where concert_id = ?", concert)).isEqualTo(capacity);
                report.add(String.format(Locale.ROOT, "N=%d racing confirmations (capacity %d): %.2f s, %.0f decisions/s",
                        n, capacity, seconds, n / seconds));
            }
        }
        report.forEach(line -> System.out.println("BENCHMARK " + line));
        Path out = Path.of("target/benchmarks/reservation-race.txt");
        Files.createDirectories(out.getParent());
        Files.write(out, report);
    }

    private KafkaProducer<String, String> producer() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, devstack.kafka().bootstrapServers());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        return new KafkaProducer<>(props);
    }

    private static void send(KafkaProducer<String, String> producer, String topic, String key, String type, String payload)
            throws Exception {
        ProducerRecord<String, String> record = new ProducerRecord<>(topic, key, payload);
        record.headers().add(EventHeaders.ID, UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8));
        record.headers().add(EventHeaders.TYPE, type.getBytes(StandardCharsets.UTF_8));
        producer.send(record).get();
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not reached within 120 s");
            }
            Thread.sleep(20);
        }
    }

    private long count(String sql, Object param) {
        return new TestDatabase(devstack, "reservations").count(sql, param);
    }
}
