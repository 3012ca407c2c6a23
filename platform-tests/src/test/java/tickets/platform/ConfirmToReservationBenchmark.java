package tickets.platform;

import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import tickets.contracts.EventHeaders;
import tickets.contracts.Topics;
import tickets.devstack.Devstack;
import tickets.devstack.Gateway;
import tickets.devstack.Ports;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * End to end through the gateway: from a customer's ConfirmCart request to the
 * ReservationCreated record on Kafka (carts → outbox → relay → Kafka → reservations → outbox →
 * relay → Kafka). Prints p50/p99; not part of the default run (README, "Benchmarks").
 */
@Tag("benchmark")
class ConfirmToReservationBenchmark {

    private static final List<String> SERVICES = List.of("concerts", "users", "carts", "reservations");
    private static final int CUSTOMERS = 120;
    private static final int WARM_UP = 20;

    private static Devstack devstack;

    @BeforeAll
    static void startThePlatform() {
        devstack = Devstack.forTests();
        devstack.startPostgres(Ports.free(), SERVICES);
        devstack.startKafka(Ports.free(), Ports.free());
        devstack.startRelay(SERVICES);
        devstack.startKeycloak(Ports.free(), Ports.free());
        Map<String, String> upstreams = new HashMap<>();
        upstreams.put("keycloak", devstack.keycloak().loopbackUrl());
        for (String service : SERVICES) {
            upstreams.put(service, devstack.startService(service, Ports.free()).baseUrl());
        }
        RestAssured.baseURI = devstack.startGateway(Ports.free(), upstreams, Gateway.EdgePolicy.withoutRateLimits()).baseUrl();
    }

    @AfterAll
    static void stopThePlatform() {
        if (devstack != null) {
            devstack.close();
        }
    }

    @Test
    void confirm_cart_to_reservation_created() throws Exception {
        String admin = token("admin", "admin-pass");
        String concert = given().auth().oauth2(admin).contentType(ContentType.JSON).body("""
                {"title":"Benchmark Night","artist":"a","venue":"v","startsAt":"2030-09-01T20:00:00Z",
                 "ticketLevels":[{"name":"Regular","capacity":10000,"priceMinor":3000,"currency":"EUR","deliveryMethod":"ONLINE"}]}""")
                .post("/api/concerts").then().statusCode(201).extract().path("id");

        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < CUSTOMERS; i++) {
            String username = "bench-" + i + "-" + UUID.randomUUID().toString().substring(0, 6);
            given().contentType(ContentType.JSON).body("""
                    {"username":"%s","email":"%s@example.com","password":"bench-pass-1","displayName":"Bench User"}"""
                    .formatted(username, username)).post("/api/users").then().statusCode(201);
            tokens.add(token(username, "bench-pass-1"));
        }
        List<String> carts = new ArrayList<>();
        for (int i = 0; i < CUSTOMERS; i++) {
            String cart = given().post("/api/carts").then().statusCode(201).extract().path("id");
            int attempt = 0;
            while (given().contentType(ContentType.JSON).body("{\"concertId\":\"" + concert
                    + "\",\"ticketLevel\":\"Regular\",\"quantity\":1}").post("/api/carts/" + cart + "/lines").statusCode() != 200) {
                assertThat(attempt++).as("the catalog knows the concert").isLessThan(300);
                Thread.sleep(100);
            }
            carts.add(cart);
        }

        Map<String, Long> arrived = new ConcurrentHashMap<>();
        AtomicBoolean running = new AtomicBoolean(true);
        Thread consumer = consume(arrived, running);
        Map<String, Long> confirmed = new HashMap<>();
        for (int i = 0; i < CUSTOMERS; i++) {
            long began = System.nanoTime();
            given().auth().oauth2(tokens.get(i)).post("/api/carts/" + carts.get(i) + "/confirmation").then().statusCode(200);
            confirmed.put(carts.get(i), began);
            Thread.sleep(20);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!arrived.keySet().containsAll(carts) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        running.set(false);
        consumer.join();
        assertThat(arrived.keySet()).containsAll(carts);

        List<Double> millis = new ArrayList<>();
        for (String cart : carts.subList(WARM_UP, CUSTOMERS)) {
            millis.add((arrived.get(cart) - confirmed.get(cart)) / 1e6);
        }
        Collections.sort(millis);
        String report = String.format(Locale.ROOT, "%s ConfirmCart request -> ReservationCreated on Kafka, %d carts "
                        + "(after %d warm-up), through the gateway: p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms",
                LocalDate.now(), millis.size(), WARM_UP, Percentiles.nearestRank(millis, 50), Percentiles.nearestRank(millis, 90),
                Percentiles.nearestRank(millis, 99), millis.getLast());
        System.out.println("BENCHMARK " + report);
        Path out = Path.of("target/benchmarks/confirm-to-reservation.txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report + System.lineSeparator());
    }

    private static Thread consume(Map<String, Long> arrived, AtomicBoolean running) throws InterruptedException {
        CountDownLatch assigned = new CountDownLatch(1);
        Thread thread = new Thread(() -> {
            Properties props = new Properties();
            props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, devstack.kafka().bootstrapServers());
            props.put(ConsumerConfig.GROUP_ID_CONFIG, "benchmark-" + UUID.randomUUID());
            props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
            props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
            props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "5");
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
                List<TopicPartition> partitions = consumer.partitionsFor(Topics.RESERVATIONS).stream()
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
                                && new String(type.value(), StandardCharsets.UTF_8).equals("ReservationCreated")) {
                            arrived.putIfAbsent(new String(correlation.value(), StandardCharsets.UTF_8), System.nanoTime());
                        }
                    }
                }
            }
        }, "benchmark-consumer");
        thread.start();
        assigned.await();
        return thread;
    }

    private static String token(String username, String password) {
        return given().formParam("grant_type", "password").formParam("client_id", "tickets-web")
                .formParam("username", username).formParam("password", password)
                .post("/auth/realms/tickets/protocol/openid-connect/token").then().statusCode(200).extract().path("access_token");
    }
}
