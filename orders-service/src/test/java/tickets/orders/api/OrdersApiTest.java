package tickets.orders.api;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tickets.contracts.EventHeaders;
import tickets.contracts.Topics;
import tickets.devstack.Devstack;
import tickets.testkit.AuthorizationMatrix;
import tickets.testkit.InjectDevstack;
import tickets.testkit.TestDatabase;
import tickets.testkit.TestEvents;
import tickets.testkit.TestTokens;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/**
 * Orders against the real PostgreSQL, Kafka and relay: the saga's steps as orders.events tells
 * them (fed here as the other contexts would publish them), each message once, the purchase's one
 * end, and who may read what.
 */
@QuarkusTest
class OrdersApiTest {

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
    void holds_become_priced_orders_and_the_sale_of_every_hold_completes_the_purchase_once() {
        UUID purchase = UUID.randomUUID();
        UUID user = UUID.randomUUID();
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        cartConfirmed(purchase, user);
        UUID created = held(first, purchase, user, 2, 2, 1_500);
        kafka.send(Topics.RESERVATIONS, first.toString(), "ReservationCreated", heldJson(first, purchase, user, 2, 2, 1_500),
                created); // the same message again
        held(second, purchase, user, 2, 1, 4_000);

        List<ConsumerRecord<String, String>> orders = kafka.consume(Topics.ORDERS, TestEvents.correlatedWith(purchase), 2,
                Duration.ofSeconds(30));
        assertThat(orders).extracting(r -> TestEvents.header(r, EventHeaders.TYPE)).containsOnly("OrderCreated");
        assertThat(orders).extracting(ConsumerRecord::value).anySatisfy(v -> assertThat(v).contains("\"totalMinor\": 3000"))
                .allSatisfy(v -> assertThat(v).contains("\"ordersInPurchase\": 2"));

        paymentConfirmed(purchase, user);
        UUID lastSale = sold(first, purchase, user);
        sold(second, purchase, user);
        kafka.send(Topics.RESERVATIONS, first.toString(), "ReservationConfirmed", soldJson(first, purchase, user), lastSale);
        sold(second, purchase, user); // told again under a new message id

        awaitPurchase(purchase, user, "COMPLETED");
        // the payment's step comes from another topic: it may arrive after the end, and ends nothing again
        await().atMost(Duration.ofSeconds(30)).until(() -> purchase(purchase, user).getList("steps.name")
                .contains("payment confirmed"));
        JsonPath ended = purchase(purchase, user);
        assertThat(ended.getList("orders.status")).containsOnly("COMPLETED");
        assertThat(ended.getList("steps.name", String.class)).contains("cart confirmed")
                .filteredOn(name -> name.equals("completed")).hasSize(1);
        List<ConsumerRecord<String, String>> all = kafka.consume(Topics.ORDERS, TestEvents.correlatedWith(purchase), 5,
                Duration.ofSeconds(30));
        assertThat(all).extracting(r -> TestEvents.header(r, EventHeaders.TYPE)).containsExactlyInAnyOrder(
                "OrderCreated", "OrderCreated", "OrderCompleted", "OrderCompleted", "PurchaseEnded");
        assertThat(all).filteredOn(r -> TestEvents.header(r, EventHeaders.TYPE).equals("PurchaseEnded")).singleElement()
                .satisfies(r -> assertThat(r.value()).contains("\"outcome\": \"COMPLETED\""));
        given().auth().oauth2(token(user)).get("/api/orders").then().statusCode(200)
                .body("findAll { it.purchaseId == '" + purchase + "' }.size()", equalTo(2));
    }

    @Test
    void a_rejected_cart_ends_its_purchase_rejected() {
        UUID purchase = UUID.randomUUID();
        UUID user = UUID.randomUUID();
        cartConfirmed(purchase, user);
        kafka.sendInSaga(Topics.RESERVATIONS, purchase, "ReservationRejected", """
                {"cartId":"%s","userId":"%s","rejectedLines":[]}""".formatted(purchase, user));
        JsonPath ended = awaitPurchase(purchase, user, "REJECTED");
        assertThat(ended.getList("orders")).isEmpty();
    }

    @Test
    void a_hold_that_ends_before_payment_cancels_its_order_and_every_other_order_of_the_purchase() {
        UUID purchase = UUID.randomUUID();
        UUID user = UUID.randomUUID();
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        held(first, purchase, user, 2, 1, 1_000);
        held(second, purchase, user, 2, 1, 1_000);
        awaitOrders(purchase, user, 2);

        kafka.sendInSaga(Topics.RESERVATIONS, purchase, "ReservationExpired", """
                {"reservationId":"%s","cartId":"%s","userId":"%s","concertId":"%s"}"""
                .formatted(first, purchase, user, UUID.randomUUID()));

        JsonPath ended = awaitPurchase(purchase, user, "CANCELLED");
        assertThat(ended.getList("orders.status")).containsOnly("CANCELLED");
        assertThat(ended.getList("orders.compensated")).containsOnly(false);
        List<ConsumerRecord<String, String>> cancelled = kafka.consume(Topics.ORDERS, TestEvents.correlatedWith(purchase),
                5, Duration.ofSeconds(30));
        assertThat(cancelled).extracting(r -> TestEvents.header(r, EventHeaders.TYPE))
                .containsExactlyInAnyOrder("OrderCreated", "OrderCreated", "OrderCancelled", "OrderCancelled",
                        "PurchaseEnded");
    }

    @Test
    void an_order_that_arrives_after_another_part_of_its_purchase_ended_is_cancelled_at_once_not_left_held() {
        UUID purchase = UUID.randomUUID();
        UUID user = UUID.randomUUID();
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        held(first, purchase, user, 2, 1, 1_000);
        awaitOrders(purchase, user, 1);
        UUID expired = kafka.sendInSaga(Topics.RESERVATIONS, purchase, "ReservationExpired", """
                {"reservationId":"%s","cartId":"%s","userId":"%s","concertId":"%s"}"""
                .formatted(first, purchase, user, concertOf(first)));
        await().atMost(Duration.ofSeconds(30)).until(() -> query(
                "select count(*) from processed_messages where message_id = ?", expired).equals(List.of("1")));

        // the second hold's order comes late (its topic's partition was behind): its hold is released now, not in 10 minutes
        held(second, purchase, user, 2, 1, 1_000);
        JsonPath ended = awaitPurchase(purchase, user, "CANCELLED");
        assertThat(ended.getList("orders.status")).containsOnly("CANCELLED");
        assertThat(ended.getList("steps.name", String.class)).contains("cancellation required");
        List<ConsumerRecord<String, String>> cancelled = kafka.consume(Topics.ORDERS, TestEvents.correlatedWith(purchase),
                5, Duration.ofSeconds(30));
        assertThat(cancelled).filteredOn(r -> TestEvents.header(r, EventHeaders.TYPE).equals("OrderCancelled"))
                .extracting(ConsumerRecord::value).anySatisfy(v -> assertThat(v).contains(second.toString())
                        .contains("\"compensated\": false"));
    }

    @Test
    void a_hold_that_ends_after_payment_or_a_concert_cancelled_after_the_sale_compensates_the_order() {
        UUID purchase = UUID.randomUUID();
        UUID user = UUID.randomUUID();
        UUID hold = UUID.randomUUID();
        UUID concert = UUID.randomUUID();
        kafka.sendInSaga(Topics.RESERVATIONS, purchase, "ReservationCreated", heldJson(hold, purchase, user, 1, 1, 2_000)
                .replace("\"concertId\":\"" + concertOf(hold) + "\"", "\"concertId\":\"" + concert + "\""));
        awaitOrders(purchase, user, 1);
        paymentConfirmed(purchase, user);
        await().atMost(Duration.ofSeconds(30)).until(() -> "CONFIRMED".equals(purchase(purchase, user).getString("payment")));

        kafka.sendInSaga(Topics.RESERVATIONS, purchase, "ReservationExpired", """
                {"reservationId":"%s","cartId":"%s","userId":"%s","concertId":"%s"}""".formatted(hold, purchase, user, concert));
        JsonPath ended = awaitPurchase(purchase, user, "CANCELLED");
        assertThat(ended.getList("orders.compensated")).containsOnly(true);
        List<ConsumerRecord<String, String>> events = kafka.consume(Topics.ORDERS, TestEvents.correlatedWith(purchase), 3,
                Duration.ofSeconds(30));
        assertThat(events).filteredOn(r -> TestEvents.header(r, EventHeaders.TYPE).equals("OrderCancelled"))
                .singleElement().satisfies(r -> assertThat(r.value()).contains("\"compensated\": true")
                        .contains("\"totalMinor\": 2000"));

        // a concert cancelled after a completed sale
        UUID soldPurchase = UUID.randomUUID();
        UUID soldHold = UUID.randomUUID();
        kafka.sendInSaga(Topics.RESERVATIONS, soldPurchase, "ReservationCreated", heldJson(soldHold, soldPurchase, user,
                1, 1, 2_000).replace("\"concertId\":\"" + concertOf(soldHold) + "\"", "\"concertId\":\"" + concert + "\""));
        awaitOrders(soldPurchase, user, 1);
        paymentConfirmed(soldPurchase, user);
        sold(soldHold, soldPurchase, user);
        awaitPurchase(soldPurchase, user, "COMPLETED");
        kafka.send(Topics.CONCERTS, concert.toString(), "ConcertCancelled", "{\"concertId\":\"" + concert
                + "\",\"reason\":\"storm\"}");
        await().atMost(Duration.ofSeconds(30)).until(() -> purchase(soldPurchase, user).getList("orders.compensated")
                .equals(List.of(true)));
        assertThat(purchase(soldPurchase, user).getString("outcome")).as("it ended once, completed").isEqualTo("COMPLETED");
    }

    @Test
    void each_endpoint_answers_anonymous_customer_other_customer_and_admin_as_specified() {
        UUID purchase = UUID.randomUUID();
        UUID user = UUID.randomUUID();
        UUID hold = UUID.randomUUID();
        held(hold, purchase, user, 1, 1, 1_000);
        awaitOrders(purchase, user, 1);
        String order = query("select id from order_view where purchase_id = ?", purchase).get(0);

        AuthorizationMatrix.forCallers(token(user), TestTokens.customer(), TestTokens.admin())
                .row("GET /api/orders", r -> r.get("/api/orders"), 401, 200, 200, 200)
                .row("GET /api/orders/{id}", r -> r.get("/api/orders/" + order), 401, 200, 403, 200)
                .row("GET /api/orders/{unknown}", r -> r.get("/api/orders/" + UUID.randomUUID()), 401, 404, 404, 404)
                .row("GET /api/orders/{malformed}", r -> r.get("/api/orders/not-an-id"), 401, 404, 404, 404)
                .row("GET /api/purchases", r -> r.get("/api/purchases"), 401, 200, 200, 200)
                .row("GET /api/purchases/{id}", r -> r.get("/api/purchases/" + purchase), 401, 200, 403, 200)
                .row("GET /api/purchases/{unknown}", r -> r.get("/api/purchases/" + UUID.randomUUID()), 401, 404, 404, 404)
                .row("GET /api/orders?page=-1", r -> r.get("/api/orders?page=-1"), 401, 400, 400, 400)
                .row("GET /api/purchases?size=1.5", r -> r.get("/api/purchases?size=1.5"), 401, 400, 400, 400)
                .verify();
        given().auth().oauth2(TestTokens.customer()).get("/api/orders").then().statusCode(200)
                .body("findAll { it.purchaseId == '" + purchase + "' }.size()", equalTo(0));
    }

    // --- helpers ---------------------------------------------------------------------------------

    private void cartConfirmed(UUID purchase, UUID user) {
        kafka.sendInSaga(Topics.CARTS, purchase, "CartConfirmed", """
                {"cartId":"%s","userId":"%s","lines":[{"concertId":"%s","ticketLevel":"Regular","quantity":1,
                 "unitPriceMinor":1500},{"concertId":"%s","ticketLevel":"Regular","quantity":1,"unitPriceMinor":4000}],
                 "totalMinor":5500,"currency":"EUR"}""".formatted(purchase, user, UUID.randomUUID(), UUID.randomUUID()));
    }

    private UUID held(UUID hold, UUID purchase, UUID user, int holdsOfCart, int quantity, long price) {
        return kafka.sendInSaga(Topics.RESERVATIONS, purchase, "ReservationCreated",
                heldJson(hold, purchase, user, holdsOfCart, quantity, price));
    }

    private static String heldJson(UUID hold, UUID purchase, UUID user, int holdsOfCart, int quantity, long price) {
        return """
                {"reservationId":"%s","cartId":"%s","userId":"%s","concertId":"%s",
                 "lines":[{"ticketLevel":"Regular","quantity":%d,"unitPriceMinor":%d}],"currency":"EUR",
                 "expiresAt":"2030-01-01T00:00:00Z","holdsOfCart":%d}"""
                .formatted(hold, purchase, user, concertOf(hold), quantity, price, holdsOfCart);
    }

    private static UUID concertOf(UUID hold) {
        return UUID.nameUUIDFromBytes(("concert of " + hold).getBytes(StandardCharsets.UTF_8));
    }

    private UUID sold(UUID hold, UUID purchase, UUID user) {
        return kafka.sendInSaga(Topics.RESERVATIONS, purchase, "ReservationConfirmed", soldJson(hold, purchase, user));
    }

    private static String soldJson(UUID hold, UUID purchase, UUID user) {
        return """
                {"reservationId":"%s","cartId":"%s","userId":"%s","concertId":"%s",
                 "lines":[{"ticketLevel":"Regular","quantity":1,"unitPriceMinor":1}]}"""
                .formatted(hold, purchase, user, concertOf(hold));
    }

    private void paymentConfirmed(UUID purchase, UUID user) {
        kafka.sendInSaga(Topics.PAYMENTS, purchase, "PaymentConfirmed", """
                {"paymentId":"%s","purchaseId":"%s","userId":"%s","amountMinor":1,"currency":"EUR",
                 "providerReference":"py_test","confirmedAt":"2030-01-01T00:00:00Z"}"""
                .formatted(UUID.randomUUID(), purchase, user));
    }

    private void awaitOrders(UUID purchase, UUID user, int orders) {
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            var response = given().auth().oauth2(token(user)).get("/api/purchases/" + purchase);
            return response.statusCode() == 200 && response.jsonPath().getList("orders").size() == orders;
        });
    }

    private JsonPath awaitPurchase(UUID purchase, UUID user, String outcome) {
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            var response = given().auth().oauth2(token(user)).get("/api/purchases/" + purchase);
            return response.statusCode() == 200 && outcome.equals(response.jsonPath().getString("outcome"));
        });
        return purchase(purchase, user);
    }

    private static JsonPath purchase(UUID purchase, UUID user) {
        return given().auth().oauth2(token(user)).get("/api/purchases/" + purchase).then().statusCode(200).extract()
                .jsonPath();
    }

    private static String token(UUID user) {
        return TestTokens.forUser(user.toString(), "customer");
    }

    private List<String> query(String sql, Object... params) {
        return new TestDatabase(devstack, "orders").column(sql, params);
    }
}
