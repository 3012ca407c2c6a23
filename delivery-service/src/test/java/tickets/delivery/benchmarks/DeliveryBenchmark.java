package tickets.delivery.benchmarks;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import tickets.contracts.EventHeaders;
import tickets.contracts.Topics;
import tickets.contracts.concerts.ConcertsIntegrationEvent;
import tickets.contracts.orders.OrdersIntegrationEvent;
import tickets.delivery.codes.PublicKeys;
import tickets.delivery.codes.TicketCode;
import tickets.devstack.Devstack;
import tickets.testkit.InjectDevstack;
import tickets.testkit.TestEvents;
import tickets.testkit.TestTokens;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Delivery's two figures: OrderCompleted (on Kafka) → OnlineTicketDelivered (on Kafka), one order
 * at a time, through the inbox, the signing, the outbox and the relay; and check-ins per second
 * at the door, as signature verifications in one thread and as HTTP check-ins of distinct tickets
 * from 16 scanners. Prints and writes target/benchmarks; not part of the default run (README,
 * "Benchmarks").
 */
@QuarkusTest
@Tag("benchmark")
class DeliveryBenchmark {

    private static final int ORDERS = 220;
    private static final int WARM_UP = 20;

    @InjectDevstack
    Devstack devstack;

    @Test
    void order_completed_to_online_ticket_delivered_and_check_ins_per_second() throws Exception {
        List<String> report = new ArrayList<>();
        try (TestEvents kafka = new TestEvents(devstack)) {
            UUID concert = UUID.randomUUID();
            kafka.publish(Topics.CONCERTS, concert, new ConcertsIntegrationEvent.ConcertCreated(concert, "Bench", "a", "v",
                    Instant.parse("2030-01-01T00:00:00Z"), List.of(new ConcertsIntegrationEvent.TicketLevel("Regular",
                    100_000, 1_000, "EUR", ConcertsIntegrationEvent.DeliveryMethod.ONLINE))));

            Map<UUID, Long> delivered = new ConcurrentHashMap<>();
            AtomicBoolean running = new AtomicBoolean(true);
            Thread consumer = Thread.ofPlatform().start(() -> consume(delivered, running));
            Map<UUID, Long> sent = new ConcurrentHashMap<>();
            List<UUID> users = new ArrayList<>();
            for (int i = 0; i < ORDERS; i++) {
                UUID order = UUID.randomUUID();
                UUID purchase = UUID.randomUUID();
                UUID user = UUID.randomUUID();
                users.add(user);
                sent.put(order, System.nanoTime());
                kafka.publish(Topics.ORDERS, purchase, new OrdersIntegrationEvent.OrderCompleted(order, purchase,
                        UUID.randomUUID(), user, concert, List.of(new OrdersIntegrationEvent.Line("Regular", 1, 1_000)),
                        1_000, "EUR", null), UUID.randomUUID(), purchase);
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (!delivered.containsKey(order) && System.nanoTime() < deadline) {
                    Thread.sleep(1);
                }
                assertThat(delivered).as("delivered within 30 s").containsKey(order);
            }
            running.set(false);
            consumer.join();
            List<Double> latencies = new ArrayList<>(latenciesInSendOrder(sent, delivered).subList(WARM_UP, ORDERS));
            Collections.sort(latencies);
            report.add(String.format(Locale.ROOT, "OrderCompleted (published) -> OnlineTicketDelivered (on Kafka), %d orders "
                            + "of one ticket one at a time (after %d warm-up): p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms",
                    latencies.size(), WARM_UP, pct(latencies, 50), pct(latencies, 90), pct(latencies, 99),
                    latencies.getLast()));

            // codes of the delivered tickets
            List<String> codes = new ArrayList<>();
            for (UUID user : users) {
                codes.add(given().auth().oauth2(TestTokens.forUser(user.toString(), "customer")).get("/api/tickets")
                        .then().statusCode(200).extract().path("[0].code"));
            }
            Map<String, PublicKey> keys = PublicKeys.fromJwkSet(given().get("/api/tickets/keys").then().statusCode(200)
                    .extract().asString());

            // signature verifications, one thread, as an offline scanner does
            for (int i = 0; i < 2_000; i++) {
                TicketCode.verify(codes.get(i % codes.size()), keys::get);
            }
            int verifications = 20_000;
            long began = System.nanoTime();
            for (int i = 0; i < verifications; i++) {
                TicketCode.verify(codes.get(i % codes.size()), keys::get);
            }
            double perSecond = verifications / ((System.nanoTime() - began) / 1e9);
            report.add(String.format(Locale.ROOT, "offline verification (Ed25519, one thread): %,.0f codes/s", perSecond));

            // HTTP check-ins of distinct tickets from 16 concurrent scanners (each admits: a real door's load),
            // sent with the JDK's HTTP client (RestAssured's own cost per request would dominate on two cores)
            String admin = TestTokens.admin();
            java.net.URI checkIn = java.net.URI.create(io.restassured.RestAssured.baseURI + ":"
                    + io.restassured.RestAssured.port + "/api/tickets/check-in");
            try (java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient()) {
                List<Double> one = new ArrayList<>();
                for (String code : codes.subList(0, WARM_UP + 40)) { // one scanner: the latency of one check-in
                    long sent1 = System.nanoTime();
                    assertThat(post(http, checkIn, admin, code)).isEqualTo(200);
                    one.add((System.nanoTime() - sent1) / 1e6);
                }
                one = new ArrayList<>(one.subList(WARM_UP, one.size()));
                Collections.sort(one);
                report.add(String.format(Locale.ROOT, "check-in over HTTP, one scanner, 40 tickets: p50 %.1f ms, p90 %.1f ms",
                        pct(one, 50), pct(one, 90)));
                ExecutorService scanners = Executors.newFixedThreadPool(16);
                List<Callable<Integer>> scans = new ArrayList<>();
                for (String code : codes.subList(WARM_UP + 40, codes.size())) {
                    scans.add(() -> post(http, checkIn, admin, code));
                }
                long began2 = System.nanoTime();
                List<Integer> statuses = new ArrayList<>();
                for (Future<Integer> scan : scanners.invokeAll(scans)) {
                    statuses.add(scan.get());
                }
                double checkInsPerSecond = scans.size() / ((System.nanoTime() - began2) / 1e9);
                scanners.shutdown();
                assertThat(statuses).allMatch(status -> status == 200);
                report.add(String.format(Locale.ROOT, "check-in over HTTP (verify, admit once, event + outbox, commit), "
                        + "%d distinct tickets, 16 scanners: %.0f check-ins/s", scans.size(), checkInsPerSecond));
            }
        }
        report.forEach(line -> System.out.println("BENCHMARK " + LocalDate.now() + " " + line));
        Path out = Path.of("target", "benchmarks", "delivery.txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, String.join("\n", report) + "\n", StandardCharsets.UTF_8);
    }

    private static int post(java.net.http.HttpClient http, java.net.URI uri, String token, String code)
            throws java.io.IOException, InterruptedException {
        return http.send(java.net.http.HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"code\":\"" + code + "\"}")).build(),
                java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static List<Double> latenciesInSendOrder(Map<UUID, Long> sent, Map<UUID, Long> delivered) {
        return sent.entrySet().stream().sorted(Map.Entry.comparingByValue())
                .map(e -> (delivered.get(e.getKey()) - e.getValue()) / 1e6).collect(java.util.stream.Collectors.toList());
    }

    private static double pct(List<Double> sorted, int percentile) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1));
    }

    private void consume(Map<UUID, Long> delivered, AtomicBoolean running) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, devstack.kafka().bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            consumer.subscribe(List.of(Topics.DELIVERY));
            while (running.get()) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(5))) {
                    if ("OnlineTicketDelivered".equals(TestEvents.header(record, EventHeaders.TYPE))) {
                        String order = record.value().replaceAll("(?s).*\"orderId\"\\s*:\\s*\"([^\"]+)\".*", "$1");
                        delivered.putIfAbsent(UUID.fromString(order), System.nanoTime());
                    }
                }
            }
        }
    }
}
