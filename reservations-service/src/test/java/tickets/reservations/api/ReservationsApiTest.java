package tickets.reservations.api;

import tickets.testkit.TestTokens;
import tickets.testkit.TestEvents;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tickets.contracts.EventHeaders;
import tickets.contracts.Topics;
import tickets.devstack.Devstack;
import tickets.testkit.InjectDevstack;
import tickets.testkit.AuthorizationMatrix;
import tickets.testkit.TestDatabase;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
        kafka.sendInSaga(Topics.CARTS, cart, "CartConfirmed", cartJson(cart, user,
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
        kafka.sendInSaga(Topics.CARTS, cart, "CartConfirmed", cartJson(cart, UUID.randomUUID(),
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
        UUID confirmed = kafka.sendInSaga(Topics.CARTS, cart, "CartConfirmed",
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
                UUID messageId = kafka.sendInSaga(Topics.CARTS, cart, "CartConfirmed", payload);
                messageIds.add(messageId);
                if (duplicated) {
                    kafka.send(Topics.CARTS, cart.toString(), "CartConfirmed", payload, messageId, cart.toString());
                }
            }
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200)).until(() ->
                    count("select count(*) from processed_messages where consumer = 'carts' and message_id = any(?)",
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

    @Test
    void a_poison_record_amid_a_batch_of_carts_is_dead_lettered_alone_and_a_cart_sent_again_is_not_decided_twice() {
        UUID concert = concertWith(20, 0);
        List<UUID> carts = new ArrayList<>();
        List<UUID> messageIds = new ArrayList<>();
        UUID poisonKey = UUID.randomUUID();
        for (int i = 0; i < 30; i++) {
            if (i == 15) {
                kafka.send(Topics.CARTS, poisonKey.toString(), "CartConfirmed", "{\"cartId\": not json");
            }
            UUID cart = UUID.randomUUID();
            carts.add(cart);
            messageIds.add(kafka.sendInSaga(Topics.CARTS, cart, "CartConfirmed",
                    cartJson(cart, UUID.randomUUID(), line(concert, "Regular", 1))));
        }
        await().atMost(Duration.ofSeconds(60)).until(() ->
                count("select count(*) from processed_messages where consumer = 'carts' and message_id = any(?)", messageIds) == 30);

        var dead = kafka.consume("reservations.dlq", record -> poisonKey.toString().equals(record.key()), 1, Duration.ofSeconds(30));
        assertThat(header(dead.get(0), "dead-letter-reason")).contains("cannot be read");
        assertThat(kafka.all("reservations.dlq", record -> carts.stream().anyMatch(c -> c.toString().equals(record.key())),
                Duration.ofSeconds(2))).as("no good cart dead-lettered").isEmpty();
        assertThat(count("select count(*) from reservation_view where status = 'ACTIVE' and cart_id = any(?)", carts))
                .isEqualTo(20);
        assertThat(count("select count(*) from reservation_view where status = 'REJECTED' and cart_id = any(?)", carts))
                .isEqualTo(10);

        UUID again = kafka.sendInSaga(Topics.CARTS, carts.get(0), "CartConfirmed",
                cartJson(carts.get(0), UUID.randomUUID(), line(concert, "Regular", 1)));
        await().atMost(Duration.ofSeconds(30)).until(() -> processed(again));
        assertThat(count("select count(*) from reservation_view where cart_id = ?", carts.get(0))).isEqualTo(1);
        assertThat(count("select reserved from level_capacity where concert_id = ? and level = 'Regular'", concert))
                .isEqualTo(20);
    }

    @Test
    void a_level_renamed_only_by_case_keeps_its_reserved_tickets_and_cannot_be_oversold() {
        UUID concert = UUID.randomUUID();
        UUID created = kafka.send(Topics.CONCERTS, concert.toString(), "ConcertCreated", """
                {"concertId":"%s","title":"Case","artist":"a","venue":"v","startsAt":"2030-01-01T00:00:00Z",
                 "ticketLevels":[{"name":"vip","capacity":2,"priceMinor":1000,"currency":"EUR","deliveryMethod":"ONLINE"}]}"""
                .formatted(concert));
        await().atMost(Duration.ofSeconds(30)).until(() -> processed(created));
        UUID firstCart = UUID.randomUUID();
        UUID first = kafka.sendInSaga(Topics.CARTS, firstCart, "CartConfirmed",
                cartJson(firstCart, UUID.randomUUID(), line(concert, "vip", 2)));
        await().atMost(Duration.ofSeconds(30)).until(() -> processed(first));

        UUID renamed = kafka.send(Topics.CONCERTS, concert.toString(), "TicketLevelsUpdated", """
                {"concertId":"%s","ticketLevels":[{"name":"VIP","capacity":2,"priceMinor":1000,"currency":"EUR",
                 "deliveryMethod":"ONLINE"}]}""".formatted(concert));
        await().atMost(Duration.ofSeconds(30)).until(() -> processed(renamed));
        given().get("/api/reservations/availability/" + concert).then().statusCode(200)
                .body("size()", is(1))
                .body("[0].ticketLevel", equalTo("VIP")).body("[0].reserved", is(2)).body("[0].available", is(0));

        UUID secondCart = UUID.randomUUID();
        UUID second = kafka.sendInSaga(Topics.CARTS, secondCart, "CartConfirmed",
                cartJson(secondCart, UUID.randomUUID(), line(concert, "VIP", 1)));
        await().atMost(Duration.ofSeconds(30)).until(() -> processed(second));
        assertThat(query("select status from reservation_view where cart_id = ?", secondCart)).containsExactly("REJECTED");
        assertThat(count("select sum(reserved) from level_capacity where concert_id = ?", concert)).isEqualTo(2);

        // releasing the first hold gives back exactly what it held, on the one row
        String id = query("select id from reservation_view where cart_id = ?", firstCart).get(0);
        given().auth().oauth2(TestTokens.admin()).post("/api/reservations/" + id + "/cancellation").then().statusCode(200);
        given().get("/api/reservations/availability/" + concert).then().statusCode(200)
                .body("size()", is(1)).body("[0].reserved", is(0)).body("[0].available", is(2));
    }

    @Test
    void a_cancellation_belongs_to_the_purchase_saga_of_its_cart() {
        UUID concert = concertWith(10, 5);
        UUID cart = UUID.randomUUID();
        UUID user = UUID.randomUUID();
        UUID confirmed = kafka.sendInSaga(Topics.CARTS, cart, "CartConfirmed",
                cartJson(cart, user, line(concert, "Regular", 1)));
        await().atMost(Duration.ofSeconds(30)).until(() -> processed(confirmed));
        String id = query("select id from reservation_view where cart_id = ?", cart).get(0);

        given().auth().oauth2(TestTokens.forUser(user.toString(), "customer")).header("X-Correlation-Id", "client-chosen")
                .post("/api/reservations/" + id + "/cancellation").then().statusCode(200);

        List<List<Object>> metadata = new TestDatabase(devstack, "reservations").query("""
                select event_type, metadata->>'correlationId', metadata->>'causationId' from events
                where stream_id = ? order by stream_version""", UUID.fromString(id));
        assertThat(metadata).extracting(row -> row.get(1)).containsOnly(cart.toString());
        assertThat(metadata.get(0).get(2)).as("caused by the CartConfirmed event").isEqualTo(confirmed.toString());
        assertThat((String) metadata.get(1).get(2)).as("caused by the request").startsWith("request:");
    }

    @Test
    void each_endpoint_answers_anonymous_customer_other_customer_and_admin_as_specified() {
        UUID concert = concertWith(100, 10);
        UUID owner = UUID.randomUUID();

        AuthorizationMatrix.forCallers(TestTokens.forUser(owner.toString(), "customer"), TestTokens.customer(),
                        TestTokens.admin())
                .row("GET /api/reservations", r -> r.get("/api/reservations"), 401, 200, 200, 200)
                .row("GET /api/reservations/{id}", r -> r.get("/api/reservations/" + heldFor(owner, concert)),
                        401, 200, 403, 200)
                .row("POST /api/reservations/{id}/cancellation",
                        r -> r.post("/api/reservations/" + heldFor(owner, concert) + "/cancellation"), 401, 200, 403, 200)
                .row("GET /api/reservations/availability/{concertId}",
                        r -> r.get("/api/reservations/availability/" + concert), 200, 200, 200, 200)
                .row("POST /api/admin/reservations/projections/rebuild",
                        r -> r.post("/api/admin/reservations/projections/rebuild"), 401, 403, 403, 200)
                .verify();
    }

    @Test
    void the_read_model_rebuilt_from_the_event_table_equals_the_live_one_and_nothing_is_published() {
        UUID concert = concertWith(10, 0);
        heldFor(UUID.randomUUID(), concert);
        String rejected = UUID.randomUUID().toString();
        UUID refused = kafka.sendInSaga(Topics.CARTS, rejected, "CartConfirmed",
                cartJson(UUID.fromString(rejected), UUID.randomUUID(), line(concert, "Golden Circle", 1)));
        await().atMost(Duration.ofSeconds(30)).until(() -> processed(refused));
        TestDatabase database = new TestDatabase(devstack, "reservations");
        String snapshot = "select id, cart_id, user_id, concert_id, status, lines, currency, expires_at, version "
                + "from reservation_view order by id";
        List<List<Object>> before = database.query(snapshot);
        long outbox = database.count("select count(*) from outbox");
        long timers = database.count("select count(*) from due_work");

        database.update("delete from reservation_view");
        given().auth().oauth2(TestTokens.admin()).post("/api/admin/reservations/projections/rebuild").then().statusCode(200);

        assertThat(database.query(snapshot)).isEqualTo(before);
        assertThat(database.count("select count(*) from outbox")).isEqualTo(outbox);
        assertThat(database.count("select count(*) from due_work")).isEqualTo(timers);
    }

    @Test
    void a_paid_purchase_sells_every_hold_of_it_which_then_never_expires_and_cannot_be_cancelled() {
        UUID first = concertWith(10, 5);
        UUID second = concertWith(10, 5);
        UUID cart = UUID.randomUUID();
        UUID user = UUID.randomUUID();
        UUID confirmed = kafka.sendInSaga(Topics.CARTS, cart, "CartConfirmed", cartJson(cart, user,
                line(first, "Regular", 2), line(second, "Regular", 1)));
        await().atMost(Duration.ofSeconds(30)).until(() -> processed(confirmed));
        assertThat(recordsFor(cart, 2, Duration.ofSeconds(30))).extracting(ConsumerRecord::value)
                .allSatisfy(created -> assertThat(created).contains("\"holdsOfCart\": 2"));

        UUID paid = kafka.sendInSaga(Topics.PAYMENTS, cart, "PaymentConfirmed", paymentConfirmed(cart, user));
        await().atMost(Duration.ofSeconds(30)).until(() -> processed(paid));

        assertThat(query("select status from reservation_view where cart_id = ?", cart)).containsOnly("CONFIRMED")
                .hasSize(2);
        assertThat(recordsFor(cart, 4, Duration.ofSeconds(30))).extracting(r -> header(r, EventHeaders.TYPE))
                .containsExactlyInAnyOrder("ReservationCreated", "ReservationCreated", "ReservationConfirmed",
                        "ReservationConfirmed");
        assertThat(count("""
                select count(*) from due_work where kind = 'reservation-expiry'
                and stream_id in (select id from reservation_view where cart_id = ?)""", cart))
                .as("a sold hold has no expiry timer").isZero();
        assertThat(available(first, "Regular")).isEqualTo(8);
        String hold = query("select id from reservation_view where cart_id = ? order by id", cart).get(0);
        given().auth().oauth2(TestTokens.forUser(user.toString(), "customer")).post("/api/reservations/" + hold + "/cancellation")
                .then().statusCode(409).body("detail", org.hamcrest.Matchers.containsString("sold"));

        // told again (a redelivery under a new message id): nothing changes
        UUID again = kafka.sendInSaga(Topics.PAYMENTS, cart, "PaymentConfirmed", paymentConfirmed(cart, user));
        await().atMost(Duration.ofSeconds(30)).until(() -> processed(again));
        assertThat(count("select count(*) from events where stream_id = ?::uuid", hold)).isEqualTo(2);
    }

    @Test
    void a_payment_for_a_purchase_with_an_ended_hold_sells_nothing_and_releases_the_rest() {
        UUID first = concertWith(10, 5);
        UUID second = concertWith(10, 5);
        UUID cart = UUID.randomUUID();
        UUID user = UUID.randomUUID();
        UUID confirmed = kafka.sendInSaga(Topics.CARTS, cart, "CartConfirmed", cartJson(cart, user,
                line(first, "Regular", 2), line(second, "Regular", 3)));
        await().atMost(Duration.ofSeconds(30)).until(() -> processed(confirmed));
        String ofFirst = query("select id from reservation_view where cart_id = ? and concert_id = '" + first + "'", cart)
                .get(0);
        given().auth().oauth2(TestTokens.forUser(user.toString(), "customer"))
                .post("/api/reservations/" + ofFirst + "/cancellation").then().statusCode(200);

        UUID paid = kafka.sendInSaga(Topics.PAYMENTS, cart, "PaymentConfirmed", paymentConfirmed(cart, user));
        await().atMost(Duration.ofSeconds(30)).until(() -> processed(paid));

        assertThat(query("select status from reservation_view where cart_id = ?", cart)).containsOnly("CANCELLED")
                .hasSize(2);
        assertThat(available(first, "Regular")).isEqualTo(10);
        assertThat(available(second, "Regular")).isEqualTo(10);
        assertThat(recordsFor(cart, 4, Duration.ofSeconds(30))).extracting(r -> header(r, EventHeaders.TYPE))
                .doesNotContain("ReservationConfirmed");
    }

    @Test
    void a_cancelled_order_releases_its_hold_and_a_cancelled_concert_releases_every_hold_of_it_but_not_the_sold_ones() {
        UUID concert = concertWith(10, 5);
        UUID user = UUID.randomUUID();
        String ordered = heldFor(user, concert);
        String sold = heldFor(UUID.randomUUID(), concert);
        String held = heldFor(UUID.randomUUID(), concert);
        assertThat(available(concert, "Regular")).isEqualTo(7);

        UUID cancelled = kafka.send(Topics.ORDERS, ordered, "OrderCancelled", """
                {"orderId":"%s","purchaseId":"%s","reservationId":"%s","userId":"%s","concertId":"%s","totalMinor":1000,
                 "currency":"EUR","reason":"payment failed: card_declined","compensated":false}"""
                .formatted(UUID.randomUUID(), cartOf(ordered), ordered, user, concert));
        await().atMost(Duration.ofSeconds(30)).until(() -> processed(cancelled));
        assertThat(query("select status from reservation_view where id = ?::uuid", ordered)).containsExactly("CANCELLED");
        assertThat(available(concert, "Regular")).isEqualTo(8);

        UUID cartOfSold = UUID.fromString(cartOf(sold));
        UUID paid = kafka.sendInSaga(Topics.PAYMENTS, cartOfSold, "PaymentConfirmed",
                paymentConfirmed(cartOfSold, UUID.randomUUID()));
        await().atMost(Duration.ofSeconds(30)).until(() -> processed(paid));
        UUID concertCancelled = kafka.send(Topics.CONCERTS, concert.toString(), "ConcertCancelled",
                "{\"concertId\":\"" + concert + "\",\"reason\":\"storm\"}");
        await().atMost(Duration.ofSeconds(30)).until(() -> processed(concertCancelled));

        // remembered first, under the concert's lock; its holds are released right after, as due work
        await().atMost(Duration.ofSeconds(30)).until(() -> query("select status from reservation_view where id = ?::uuid",
                held).equals(List.of("CANCELLED")));
        assertThat(query("select status from reservation_view where id = ?::uuid", sold)).as("orders compensates it")
                .containsExactly("CONFIRMED");
    }

    private String cartOf(String reservation) {
        return query("select cart_id from reservation_view where id = ?::uuid", reservation).get(0);
    }

    private static String paymentConfirmed(UUID purchase, UUID user) {
        return """
                {"paymentId":"%s","purchaseId":"%s","userId":"%s","amountMinor":3000,"currency":"EUR",
                 "providerReference":"py_test","confirmedAt":"2030-01-01T00:00:00Z"}""".formatted(UUID.randomUUID(), purchase, user);
    }

    /** A fresh hold of {@code user} on one ticket of the concert; returns its id. */
    private String heldFor(UUID user, UUID concert) {
        UUID cart = UUID.randomUUID();
        UUID confirmed = kafka.sendInSaga(Topics.CARTS, cart, "CartConfirmed", cartJson(cart, user, line(concert, "Regular", 1)));
        await().atMost(Duration.ofSeconds(30)).until(() -> processed(confirmed));
        return query("select id from reservation_view where cart_id = ?", cart).get(0);
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
        return kafka.consume(Topics.RESERVATIONS, TestEvents.correlatedWith(cart), expected, timeout);
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        return TestEvents.header(record, name);
    }

    private long count(String sql, Object param) {
        return Long.parseLong(query(sql, param).get(0));
    }

    private List<String> query(String sql, Object param) {
        return new TestDatabase(devstack, "reservations").column(sql, param);
    }
}
