package tickets.reservations.api;

import tickets.testkit.TestTokens;
import tickets.testkit.TestEvents;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tickets.contracts.EventHeaders;
import tickets.contracts.Topics;
import tickets.devstack.Devstack;
import tickets.testkit.InjectDevstack;
import tickets.testkit.TestDatabase;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;

/** Reservations against the real PostgreSQL, Kafka and relay: the saga step, capacity, the race. */
@QuarkusTest
class ReservationsApiTest {

    @InjectDevstack
    Devstack devstack;
    private TestEvents kafka;

    @BeforeEach
    void connect() {
        kafka = new TestEvents(devstack);
    }

    @AfterEach
    void disconnect() {
        kafka.close();
    }

    @Test
    void capacity_follows_each_concert_event_once_in_order_and_ignores_unknown_types() {
        UUID concert = UUID.randomUUID();
        UUID created = kafka.send(Topics.CONCERTS, concert.toString(), "ConcertCreated", concertJson(concert, 50, 10));
        kafka.send(Topics.CONCERTS, concert.toString(), "ConcertCreated", concertJson(concert, 50, 10), created);
        kafka.send(Topics.CONCERTS, concert.toString(), "SomethingNew", "{}");
        UUID last = kafka.send(Topics.CONCERTS, concert.toString(), "TicketLevelsUpdated", """
                {"concertId":"%s","ticketLevels":[{"name":"Regular","capacity":70,"priceMinor":100,"currency":"EUR",
                 "deliveryMethod":"ONLINE"}]}""".formatted(concert));
        await().atMost(Duration.ofSeconds(30)).until(() -> processed(last));

        given().get("/api/reservations/availability/" + concert).then().statusCode(200)
                .body("find { it.ticketLevel == 'Regular' }.capacity", is(70))
                .body("find { it.ticketLevel == 'Golden Circle' }.capacity", is(0));
        assertThat(query("select count(*) from processed_messages where message_id = ?", created)).containsExactly("1");

        kafka.send(Topics.CONCERTS, concert.toString(), "ConcertCancelled", "{\"concertId\":\"" + concert + "\"}");
        await().atMost(Duration.ofSeconds(30)).until(() -> given().get("/api/reservations/availability/" + concert)
                .then().extract().jsonPath().getInt("find { it.ticketLevel == 'Regular' }.available") == 0);
    }

    @Test
    void a_confirmed_cart_is_reserved_per_concert_and_published_on_kafka() {
        UUID first = concertWith(10, 5);
        UUID second = concertWith(10, 5);
        UUID cart = UUID.randomUUID();
        UUID user = UUID.randomUUID();
        kafka.send(Topics.CARTS, cart.toString(), "CartConfirmed", cartJson(cart, user,
                line(first, "Regular", 3), line(second, "Golden Circle", 2)));

        List<ConsumerRecord<String, String>> created = recordsFor(cart, 2, Duration.ofSeconds(30));
        assertThat(created).extracting(r -> header(r, EventHeaders.TYPE)).containsOnly("ReservationCreated");
        assertThat(created).extracting(r -> header(r, EventHeaders.CORRELATION_ID)).containsOnly(cart.toString());
        assertThat(available(first, "Regular")).isEqualTo(7);
        assertThat(available(second, "Golden Circle")).isEqualTo(3);

        String token = TestTokens.forUser(user.toString(), "customer");
        given().auth().oauth2(token).get("/api/reservations").then().statusCode(200)
                .body("findAll { it.cartId == '" + cart + "' }.size()", is(2))
                .body("findAll { it.cartId == '" + cart + "' }.status", org.hamcrest.Matchers.everyItem(equalTo("ACTIVE")));
    }

    @Test
    void a_cart_that_cannot_be_fully_reserved_is_rejected_and_nothing_is_reserved() {
        UUID concert = concertWith(4, 1);
        UUID cart = UUID.randomUUID();
        kafka.send(Topics.CARTS, cart.toString(), "CartConfirmed", cartJson(cart, UUID.randomUUID(),
                line(concert, "Regular", 3), line(concert, "Golden Circle", 2)));

        List<ConsumerRecord<String, String>> records = recordsFor(cart, 1, Duration.ofSeconds(30));
        assertThat(header(records.get(0), EventHeaders.TYPE)).isEqualTo("ReservationRejected");
        assertThat(records.get(0).value()).contains("Golden Circle").contains("\"available\": 1");
        assertThat(available(concert, "Regular")).isEqualTo(4);
        assertThat(available(concert, "Golden Circle")).isEqualTo(1);
    }

    @Test
    void an_owner_cancels_a_reservation_and_its_tickets_are_released_another_customer_cannot() {
        UUID concert = concertWith(10, 5);
        UUID cart = UUID.randomUUID();
        UUID user = UUID.randomUUID();
        UUID confirmed = kafka.send(Topics.CARTS, cart.toString(), "CartConfirmed",
                cartJson(cart, user, line(concert, "Regular", 4)));
        await().atMost(Duration.ofSeconds(30)).until(() -> processed(confirmed));
        String id = query("select id from reservation_view where cart_id = ?", cart).get(0);
        assertThat(available(concert, "Regular")).isEqualTo(6);

        given().post("/api/reservations/" + id + "/cancellation").then().statusCode(401);
        given().auth().oauth2(TestTokens.customer()).post("/api/reservations/" + id + "/cancellation").then().statusCode(403);
        given().auth().oauth2(TestTokens.customer()).get("/api/reservations/" + id).then().statusCode(403);
        given().auth().oauth2(TestTokens.forUser(user.toString(), "customer")).post("/api/reservations/" + id + "/cancellation")
                .then().statusCode(200).body("status", equalTo("CANCELLED"));
        assertThat(available(concert, "Regular")).isEqualTo(10);
        given().auth().oauth2(TestTokens.admin()).get("/api/reservations/" + id).then().statusCode(200)
                .body("status", equalTo("CANCELLED"));
    }

    @Test
    void two_hundred_racing_confirmations_for_fifty_tickets_reserve_exactly_fifty_also_when_every_message_comes_twice() {
        for (boolean duplicated : new boolean[] {false, true}) {
            UUID concert = concertWith(50, 0);
            List<UUID> carts = new ArrayList<>();
            List<UUID> messageIds = new ArrayList<>();
            long began = System.nanoTime();
            for (int i = 0; i < 200; i++) {
                UUID cart = UUID.randomUUID();
                carts.add(cart);
                String payload = cartJson(cart, UUID.randomUUID(), line(concert, "Regular", 1));
                UUID messageId = kafka.send(Topics.CARTS, cart.toString(), "CartConfirmed", payload);
                messageIds.add(messageId);
                if (duplicated) {
                    kafka.send(Topics.CARTS, cart.toString(), "CartConfirmed", payload, messageId);
                }
            }
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200)).until(() ->
                    count("select count(*) from processed_messages where consumer = 'reservations-carts' and message_id = any(?)",
                            messageIds) == 200);
            double seconds = (System.nanoTime() - began) / 1e9;
            System.out.printf("BENCHMARK reservation race (duplicates=%s): 200 confirmations for 50 tickets decided in "
                    + "%.2f s, %.0f decisions/s%n", duplicated, seconds, 200 / seconds);

            assertThat(count("select reserved from level_capacity where concert_id = ? and level = 'Regular'", concert))
                    .isEqualTo(50);
            assertThat(count("select count(*) from reservation_view where concert_id = ? and status = 'ACTIVE'", concert))
                    .isEqualTo(50);
            assertThat(count("select count(*) from reservation_view where status = 'REJECTED' and cart_id = any(?)", carts))
                    .isEqualTo(150);
            assertThat(count("select count(distinct cart_id) from reservation_view where cart_id = any(?)", carts))
                    .as("every cart decided once: reserved or rejected, none lost").isEqualTo(200);
        }
    }

    // --- helpers ---------------------------------------------------------------------------------

    private UUID concertWith(int regular, int golden) {
        UUID concert = UUID.randomUUID();
        UUID event = kafka.send(Topics.CONCERTS, concert.toString(), "ConcertCreated", concertJson(concert, regular, golden));
        await().atMost(Duration.ofSeconds(30)).until(() -> processed(event));
        return concert;
    }

    private static String concertJson(UUID concert, int regular, int golden) {
        return """
                {"concertId":"%s","title":"Held","artist":"a","venue":"v","startsAt":"2030-01-01T00:00:00Z",
                 "ticketLevels":[{"name":"Regular","capacity":%d,"priceMinor":1000,"currency":"EUR","deliveryMethod":"ONLINE"},
                                 {"name":"Golden Circle","capacity":%d,"priceMinor":5000,"currency":"EUR","deliveryMethod":"PRINTED"}]}"""
                .formatted(concert, regular, golden);
    }

    private static String line(UUID concert, String level, int quantity) {
        return "{\"concertId\":\"%s\",\"ticketLevel\":\"%s\",\"quantity\":%d,\"unitPriceMinor\":1000}"
                .formatted(concert, level, quantity);
    }

    private static String cartJson(UUID cart, UUID user, String... lines) {
        return "{\"cartId\":\"%s\",\"userId\":\"%s\",\"lines\":[%s],\"totalMinor\":0,\"currency\":\"EUR\"}"
                .formatted(cart, user, String.join(",", lines));
    }

    private int available(UUID concert, String level) {
        return given().get("/api/reservations/availability/" + concert).then().statusCode(200).extract().jsonPath()
                .getInt("find { it.ticketLevel == '" + level + "' }.available");
    }

    private boolean processed(UUID messageId) {
        return count("select count(*) from processed_messages where message_id = ?", messageId) > 0;
    }

    private List<ConsumerRecord<String, String>> recordsFor(UUID cart, int expected, Duration timeout) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, devstack.kafka().bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        List<ConsumerRecord<String, String>> found = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            consumer.subscribe(List.of(Topics.RESERVATIONS));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (found.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    if (cart.toString().equals(header(record, EventHeaders.CORRELATION_ID))) {
                        found.add(record);
                    }
                }
            }
        }
        assertThat(found).as("records of cart " + cart + " on " + Topics.RESERVATIONS).hasSize(expected);
        return found;
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private long count(String sql, Object param) {
        return Long.parseLong(query(sql, param).get(0));
    }

    private List<String> query(String sql, Object param) {
        return new TestDatabase(devstack, "reservations").column(sql, param);
    }
}
