package tickets.platform;

import io.restassured.response.Response;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import tickets.contracts.EventHeaders;
import tickets.contracts.Topics;
import tickets.platform.Shop.Customer;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The purchase end to end, through the gateway, with every service as a process: from a
 * customer's ConfirmCart request to OrderCompleted on Kafka. The customer pays (pm_card_visa) as
 * soon as the purchase can be paid, so the time is the platform's, not a human's: confirm →
 * carts → reservations → orders → payments (provider call) → reservations → orders. Prints p50/p99
 * and the split; not part of the default run (README, "Benchmarks").
 */
@Tag("benchmark")
class PurchaseBenchmark {

    private static final int PURCHASES = 70;
    private static final int WARM_UP = 10;
    /** The events timed from the ConfirmCart request: the order completed, the invoice paid, the (first) ticket delivered. */
    private static final List<String> ARRIVALS = List.of("OrderCompleted", "InvoiceUpdated", "OnlineTicketDelivered");

    @Test
    void confirm_cart_to_order_completed() throws Exception {
        Platform platform = Platform.shared();
        Shop shop = new Shop(platform);
        String concert = shop.concert(10_000, 3000);
        List<Customer> customers = new ArrayList<>();
        List<String> carts = new ArrayList<>();
        for (int i = 0; i < PURCHASES; i++) {
            customers.add(shop.newCustomer());
            carts.add(shop.filledCart(1, concert));
        }

        Map<String, Long> completed = new ConcurrentHashMap<>();
        AtomicBoolean running = new AtomicBoolean(true);
        Thread consumer = consume(platform, completed, running);
        List<double[]> timings = new ArrayList<>(); // total, confirm -> payable, pay request, paid -> completed
        for (int i = 0; i < PURCHASES; i++) {
            String cart = carts.get(i);
            long began = System.nanoTime();
            shop.confirm(customers.get(i), cart);
            Response paid;
            long payStarted;
            do { // as soon as payments knows the whole purchase
                payStarted = System.nanoTime();
                paid = shop.pay(customers.get(i), cart, "pm_card_visa", "bench-" + UUID.randomUUID());
                if (paid.statusCode() == 409) {
                    Thread.sleep(10);
                }
            } while (paid.statusCode() == 409 && paid.asString().contains("not ready"));
            long payAnswered = System.nanoTime();
            assertThat(paid.statusCode()).isEqualTo(201);
            // PENDING when the provider answered after the client's timeout on a loaded machine: the events below settle it
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            List<String> awaited = ARRIVALS.stream().map(type -> type + "|" + cart).toList();
            while (!completed.keySet().containsAll(awaited) && System.nanoTime() < deadline) {
                Thread.sleep(2);
            }
            assertThat(completed).as("OrderCompleted, InvoiceUpdated and OnlineTicketDelivered of purchase " + cart)
                    .containsKeys(awaited.toArray(String[]::new));
            long done = completed.get(awaited.get(0));
            timings.add(new double[] {(done - began) / 1e6, (payStarted - began) / 1e6, (payAnswered - payStarted) / 1e6,
                    (done - payAnswered) / 1e6, (completed.get(awaited.get(1)) - began) / 1e6,
                    (completed.get(awaited.get(2)) - began) / 1e6});
        }
        running.set(false);
        consumer.join();

        List<double[]> measured = timings.subList(WARM_UP, PURCHASES);
        String report = String.format(Locale.ROOT, "%s ConfirmCart request -> OrderCompleted on Kafka, %d purchases "
                        + "(after %d warm-up; one at a time; the customer pays pm_card_visa as soon as the purchase is "
                        + "payable), through the gateway: p50 %.0f ms, p90 %.0f ms, p99 %.0f ms, max %.0f ms; split at p50: "
                        + "confirm -> payable %.0f ms, POST /api/payments (provider call included) %.0f ms, "
                        + "paid -> OrderCompleted %.0f ms",
                LocalDate.now(), measured.size(), WARM_UP, percentile(measured, 0, 50), percentile(measured, 0, 90),
                percentile(measured, 0, 99), percentile(measured, 0, 100), percentile(measured, 1, 50),
                percentile(measured, 2, 50), percentile(measured, 3, 50))
                + String.format(Locale.ROOT, "; ConfirmCart -> invoice paid (InvoiceUpdated on finance.events): p50 %.0f ms, "
                        + "p99 %.0f ms; ConfirmCart -> ticket delivered (OnlineTicketDelivered on delivery.events): "
                        + "p50 %.0f ms, p99 %.0f ms", percentile(measured, 4, 50), percentile(measured, 4, 99),
                percentile(measured, 5, 50), percentile(measured, 5, 99));
        System.out.println("BENCHMARK " + report);
        Path out = Path.of("target/benchmarks/confirm-to-order-completed.txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report + System.lineSeparator());
    }

    private static Thread consume(Platform platform, Map<String, Long> completed, AtomicBoolean running)
            throws InterruptedException {
        return consume(platform, List.of(Topics.ORDERS, Topics.FINANCE, Topics.DELIVERY), ARRIVALS, completed, running);
    }

    /**
     * Records when each event of {@code types} on {@code topics} first arrives (System.nanoTime),
     * keyed "type|correlation id" (the purchase), from now until {@code running} is false.
     */
    static Thread consume(Platform platform, List<String> topics, List<String> types, Map<String, Long> arrivals,
                          AtomicBoolean running) throws InterruptedException {
        CountDownLatch assigned = new CountDownLatch(1);
        Thread thread = new Thread(() -> {
            Properties props = new Properties();
            props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, platform.devstack.kafka().bootstrapServers());
            props.put(ConsumerConfig.GROUP_ID_CONFIG, "benchmark-" + UUID.randomUUID());
            props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
            props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
            props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "5");
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
                List<TopicPartition> partitions = topics.stream()
                        .flatMap(topic -> consumer.partitionsFor(topic).stream())
                        .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
                consumer.assign(partitions);
                consumer.seekToEnd(partitions);
                partitions.forEach(consumer::position);
                assigned.countDown();
                while (running.get()) {
                    for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(20))) {
                        var type = record.headers().lastHeader(EventHeaders.TYPE);
                        var correlation = record.headers().lastHeader(EventHeaders.CORRELATION_ID);
                        if (type != null && correlation != null
                                && types.contains(new String(type.value(), StandardCharsets.UTF_8))) {
                            arrivals.putIfAbsent(new String(type.value(), StandardCharsets.UTF_8) + "|"
                                    + new String(correlation.value(), StandardCharsets.UTF_8), System.nanoTime());
                        }
                    }
                }
            }
        }, "benchmark-consumer");
        thread.start();
        assigned.await();
        return thread;
    }

    private static double percentile(List<double[]> rows, int column, int percentile) {
        return Percentiles.nearestRank(rows.stream().map(row -> row[column]).toList(), percentile);
    }
}
