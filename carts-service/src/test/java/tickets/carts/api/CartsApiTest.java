package tickets.carts.api;

import tickets.testkit.TestTokens;
import tickets.testkit.TestEvents;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tickets.contracts.Topics;
import tickets.devstack.Devstack;
import tickets.testkit.InjectDevstack;
import tickets.testkit.AuthorizationMatrix;
import tickets.testkit.TestDatabase;
import tickets.contracts.orders.OrdersIntegrationEvent.OrderCancelled;
import tickets.contracts.orders.OrdersIntegrationEvent.Outcome;
import tickets.contracts.orders.OrdersIntegrationEvent.PurchaseEnded;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;

/** Carts against the real PostgreSQL, Kafka (catalog fed from concerts.events) and relay. */
@QuarkusTest
class CartsApiTest {

    private static final String PROBLEM_JSON = "application/problem+json";

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
    void a_visitor_fills_a_cart_and_a_customer_confirms_it_priced_from_the_catalog() {
        UUID concert = publishConcert(4500, 12000, "EUR");
        String cart = createCart();

        add(cart, concert, "Regular", 2).then().statusCode(200).body("lines", hasSize(1));
        add(cart, concert, "regular", 1).then().statusCode(200).body("lines[0].quantity", is(3))
                .body("lines[0].ticketLevel", equalTo("Regular"));
        add(cart, concert, "Golden Circle", 1).then().statusCode(200).body("lines", hasSize(2));

        String customer = "b0b00000-0000-4000-8000-" + UUID.randomUUID().toString().substring(24);
        String token = TestTokens.forUser(customer, "customer");
        // Golden Circle is PRINTED: the tickets need an address to be posted to
        given().auth().oauth2(token).post("/api/carts/" + cart + "/confirmation").then().statusCode(422)
                .contentType(PROBLEM_JSON).body("detail", containsString("shippingAddress"));
        for (String bad : List.of("{\"shippingAddress\":{\"name\":\"Ada\",\"line1\":\"1 Way\",\"postalCode\":\"10115\","
                        + "\"city\":\"Berlin\",\"country\":\"Atlantis\"}}",
                "{\"shippingAddress\":{\"name\":\"Ada\\u0000\",\"line1\":\"1 Way\",\"postalCode\":\"10115\","
                        + "\"city\":\"Berlin\",\"country\":\"DE\"}}",
                "{\"shippingAddress\":\"Berlin\"}", "{\"address\":{}}", "[1]")) {
            given().auth().oauth2(token).contentType(ContentType.JSON).body(bad).post("/api/carts/" + cart + "/confirmation")
                    .then().statusCode(400).contentType(PROBLEM_JSON);
        }
        given().auth().oauth2(token).contentType("text/plain").body("Berlin").post("/api/carts/" + cart + "/confirmation")
                .then().statusCode(415);
        given().auth().oauth2(token).contentType(ContentType.JSON).body("{\"shippingAddress\":{\"name\":\"Ada Lovelace\","
                        + "\"line1\":\"1 Analytical Way\",\"postalCode\":\"10115\",\"city\":\"Berlin\",\"country\":\"DE\"}}")
                .post("/api/carts/" + cart + "/confirmation")
                .then().statusCode(200).body("status", equalTo("CONFIRMED")).body("userId", equalTo(customer))
                .body("totalMinor", is(3 * 4500 + 12000)).body("currency", equalTo("EUR"))
                .body("lines.find { it.ticketLevel == 'Regular' }.unitPriceMinor", is(4500));

        assertThat(query("select type from outbox where aggregateid = ?", cart)).containsExactly("CartConfirmed");
        String payload = query("select cast(payload as text) from outbox where aggregateid = ?", cart).get(0);
        assertThat(payload).contains("\"currency\": \"EUR\"").contains("\"totalMinor\": 25500").contains(customer);
        assertThat(payload).contains("\"city\": \"Berlin\"").contains("\"country\": \"DE\"");

        // closed now, and private
        add(cart, concert, "Regular", 1).then().statusCode(409).contentType(PROBLEM_JSON);
        given().get("/api/carts/" + cart).then().statusCode(401);
        given().auth().oauth2(TestTokens.customer()).get("/api/carts/" + cart).then().statusCode(403);
        given().auth().oauth2(TestTokens.forUser(customer, "customer")).get("/api/carts/" + cart).then().statusCode(200)
                .body("currency", equalTo("EUR"));
        given().auth().oauth2(TestTokens.forUser(customer, "customer")).get("/api/carts").then().statusCode(200)
                .body("id", org.hamcrest.Matchers.hasItem(cart));
    }

    @Test
    void only_tickets_the_catalog_offers_in_positive_quantities_up_to_the_limit_can_be_added() {
        UUID concert = publishConcert(1000, 2000, "EUR");
        String cart = createCart();

        add(cart, UUID.randomUUID(), "Regular", 1).then().statusCode(422).contentType(PROBLEM_JSON);
        add(cart, concert, "Balcony", 1).then().statusCode(422).body("detail", containsString("Balcony"));
        add(cart, concert, "Regular", 0).then().statusCode(400).body("detail", containsString("quantity"));
        add(cart, concert, "Regular", -2).then().statusCode(400);
        add(cart, concert, "Regular", 11).then().statusCode(422).body("detail", containsString("at most 10"));
        add(cart, concert, "Regular", 10).then().statusCode(200);
        add(cart, concert, "Regular", 1).then().statusCode(422);
        given().contentType(ContentType.JSON).body("{\"concertId\":\"x\"}").post("/api/carts/" + cart + "/lines")
                .then().statusCode(400).contentType(PROBLEM_JSON);

        kafka.send(Topics.CONCERTS, concert.toString(), "ConcertCancelled",
                "{\"concertId\":\"" + concert + "\",\"reason\":\"rain\"}");
        await().atMost(Duration.ofSeconds(30)).until(() -> add(cart, concert, "Golden Circle", 1).statusCode() == 422);
        given().auth().oauth2(TestTokens.customer()).post("/api/carts/" + cart + "/confirmation").then().statusCode(422)
                .body("detail", containsString("cancelled"));
    }

    @Test
    void lines_can_be_removed_and_the_cart_cleared_and_the_etag_guards_changes() {
        UUID concert = publishConcert(1000, 2000, "EUR");
        String cart = createCart();
        add(cart, concert, "Regular", 2).then().statusCode(200).header("ETag", equalTo("W/\"2\""));
        add(cart, concert, "Golden Circle", 1).then().statusCode(200);

        given().header("If-Match", "W/\"2\"").delete("/api/carts/" + cart + "/lines?concertId=" + concert
                + "&ticketLevel=Regular").then().statusCode(412);
        given().header("If-Match", "W/\"3\"").delete("/api/carts/" + cart + "/lines?concertId=" + concert
                + "&ticketLevel=regular").then().statusCode(200).body("lines", hasSize(1));
        given().delete("/api/carts/" + cart + "/lines").then().statusCode(200).body("lines", hasSize(0));
        given().auth().oauth2(TestTokens.customer()).post("/api/carts/" + cart + "/confirmation").then().statusCode(409)
                .body("detail", containsString("empty"));
        given().get("/api/carts/" + UUID.randomUUID()).then().statusCode(404).contentType(PROBLEM_JSON);
    }

    @Test
    void a_user_has_one_confirmed_cart_in_flight_until_its_purchase_ends() throws Exception {
        UUID concert = publishConcert(1000, 2000, "EUR");
        String user = UUID.randomUUID().toString();
        String token = TestTokens.forUser(user, "customer");
        List<String> carts = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String cart = createCart();
            add(cart, concert, "Regular", 1).then().statusCode(200);
            carts.add(cart);
        }

        ExecutorService pool = Executors.newFixedThreadPool(3);
        List<Integer> statuses = new ArrayList<>();
        try {
            List<Callable<Integer>> confirmations = carts.subList(0, 3).stream().<Callable<Integer>>map(cart -> () ->
                    given().auth().oauth2(token).post("/api/carts/" + cart + "/confirmation").statusCode()).toList();
            for (Future<Integer> status : pool.invokeAll(confirmations)) {
                statuses.add(status.get());
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(statuses).filteredOn(s -> s == 200).hasSize(1);
        assertThat(statuses).filteredOn(s -> s != 200).containsOnly(409);
        String confirmed = carts.get(statuses.indexOf(200));

        // the purchase ends (nothing could be reserved): the user may confirm another cart
        kafka.send(Topics.ORDERS, confirmed, "PurchaseEnded", """
                {"purchaseId":"%s","userId":"%s","outcome":"REJECTED","reason":"not enough tickets"}"""
                .formatted(confirmed, user));
        await().atMost(Duration.ofSeconds(30)).until(() ->
                given().auth().oauth2(token).post("/api/carts/" + carts.get(3) + "/confirmation").statusCode() == 200);
    }

    @Test
    void the_catalog_applies_each_concert_event_once_in_order_and_ignores_unknown_types() {
        UUID concert = UUID.randomUUID();
        UUID created = kafka.send(Topics.CONCERTS, concert.toString(), "ConcertCreated", concertJson(concert, 1000, 2000, "EUR"));
        kafka.send(Topics.CONCERTS, concert.toString(), "ConcertCreated", concertJson(concert, 1000, 2000, "EUR"), created);
        kafka.send(Topics.CONCERTS, concert.toString(), "ConcertRescheduledOnMars", "{\"whatever\":true}");
        kafka.send(Topics.CONCERTS, concert.toString(), "TicketLevelsUpdated", """
                {"concertId":"%s","ticketLevels":[{"name":"Balcony","capacity":5,"priceMinor":700,"currency":"EUR",
                 "deliveryMethod":"PRINTED"}]}""".formatted(concert));
        UUID last = kafka.send(Topics.CONCERTS, concert.toString(), "ConcertUpdated", """
                {"concertId":"%s","title":"Renamed","artist":"a","venue":"v","startsAt":"2030-01-01T00:00:00Z"}"""
                .formatted(concert));

        await().atMost(Duration.ofSeconds(30)).until(() ->
                !query("select consumer from processed_messages where message_id = ?", last).isEmpty());
        assertThat(query("select count(*) from processed_messages where message_id = ?", created)).containsExactly("1");
        assertThat(query("select name from catalog_level where concert_id = ?", concert)).containsExactly("Balcony");
        assertThat(query("select title from catalog_concert where id = ?", concert)).containsExactly("Renamed");
    }

    @Test
    void a_customer_may_buy_again_only_once_the_purchase_has_ended() {
        UUID first = publishConcert(1000, 2000, "EUR");
        UUID user = UUID.randomUUID();
        String token = TestTokens.forUser(user.toString(), "customer");
        String cart = createCart();
        add(cart, first, "Regular", 1).then().statusCode(200);
        given().auth().oauth2(token).post("/api/carts/" + cart + "/confirmation").then().statusCode(200);
        UUID cartId = UUID.fromString(cart);
        String next = createCart();
        add(next, first, "Regular", 1).then().statusCode(200);

        // an order of the purchase ended: the purchase itself has not, the slot stays taken
        UUID order = UUID.randomUUID();
        UUID cancelled = kafka.publish(Topics.ORDERS, cartId, new OrderCancelled(order, cartId, UUID.randomUUID(), user,
                first, 1000, "EUR", "hold expired", false));
        // carts ignores OrderCancelled (no inbox row): a record behind it on the same partition shows it was read
        UUID unrelated = UUID.randomUUID();
        UUID behind = kafka.publish(Topics.ORDERS, cartId, new PurchaseEnded(unrelated, UUID.randomUUID(), Outcome.CANCELLED,
                "another purchase"));
        await().atMost(Duration.ofSeconds(30)).until(() -> processed(behind));
        assertThat(processed(cancelled)).isFalse();
        given().auth().oauth2(token).post("/api/carts/" + next + "/confirmation").then().statusCode(409)
                .body("detail", containsString("in progress"));

        // the purchase ended (told twice, as a redelivery would): the customer may confirm another cart
        PurchaseEnded ended = new PurchaseEnded(cartId, user, Outcome.CANCELLED, "an order ended unsold");
        kafka.publish(Topics.ORDERS, cartId, ended);
        kafka.publish(Topics.ORDERS, cartId, ended);
        await().atMost(Duration.ofSeconds(30)).until(() ->
                given().auth().oauth2(token).post("/api/carts/" + next + "/confirmation").statusCode() == 200);
        assertThat(query("select cart_id from purchase_in_flight where user_id = ?", user)).containsExactly(next);
    }

    @Test
    void confirming_a_confirmed_or_rejected_cart_again_claims_no_slot() {
        UUID concert = publishConcert(1000, 2000, "EUR");
        UUID user = UUID.randomUUID();
        String token = TestTokens.forUser(user.toString(), "customer");
        String cart = createCart();
        add(cart, concert, "Regular", 1).then().statusCode(200);
        given().auth().oauth2(token).post("/api/carts/" + cart + "/confirmation").then().statusCode(200);
        // a double click: the same answer, nothing claimed twice
        given().auth().oauth2(token).post("/api/carts/" + cart + "/confirmation").then().statusCode(200)
                .body("status", equalTo("CONFIRMED"));
        assertThat(query("select count(*) from purchase_in_flight where user_id = ?", user)).containsExactly("1");

        UUID rejected = kafka.publish(Topics.ORDERS, UUID.fromString(cart),
                new PurchaseEnded(UUID.fromString(cart), user, Outcome.REJECTED, "not enough tickets"));
        await().atMost(Duration.ofSeconds(30)).until(() -> processed(rejected));
        // confirming the rejected cart again must not lock the customer out
        given().auth().oauth2(token).post("/api/carts/" + cart + "/confirmation").then().statusCode(200);
        assertThat(query("select count(*) from purchase_in_flight where user_id = ?", user)).containsExactly("0");
        String next = createCart();
        add(next, concert, "Regular", 1).then().statusCode(200);
        given().auth().oauth2(token).post("/api/carts/" + next + "/confirmation").then().statusCode(200);
    }

    @Test
    void another_customer_confirming_someone_elses_confirmed_cart_is_403_and_changes_nothing() {
        UUID concert = publishConcert(1000, 2000, "EUR");
        String owner = UUID.randomUUID().toString();
        String intruder = UUID.randomUUID().toString();
        String cart = createCart();
        add(cart, concert, "Regular", 1).then().statusCode(200);
        given().auth().oauth2(TestTokens.forUser(owner, "customer")).post("/api/carts/" + cart + "/confirmation")
                .then().statusCode(200);

        given().auth().oauth2(TestTokens.forUser(intruder, "customer")).post("/api/carts/" + cart + "/confirmation")
                .then().statusCode(403).contentType(PROBLEM_JSON).body("detail", containsString("another customer"));
        assertThat(query("select count(*) from purchase_in_flight where user_id = ?", UUID.fromString(intruder)))
                .containsExactly("0");
        assertThat(query("select count(*) from events where stream_id = ?", UUID.fromString(cart))).containsExactly("3");
    }

    @Test
    void each_endpoint_answers_anonymous_customer_other_customer_and_admin_as_specified() {
        UUID concert = publishConcert(1000, 2000, "EUR");
        String owner = UUID.randomUUID().toString();
        String ownerToken = TestTokens.forUser(owner, "customer");
        String line = "{\"concertId\":\"" + concert + "\",\"ticketLevel\":\"Regular\",\"quantity\":1}";

        AuthorizationMatrix.forCallers(ownerToken, TestTokens.forUser(UUID.randomUUID().toString(), "customer"),
                        TestTokens.admin())
                .row("POST /api/carts", r -> r.post("/api/carts"), 201, 201, 201, 201)
                .row("GET /api/carts/{id} (open)", r -> r.get("/api/carts/" + createCart()), 200, 200, 200, 200)
                .row("POST /api/carts/{id}/lines (open)", r -> r.body(line).post("/api/carts/" + createCart() + "/lines"),
                        200, 200, 200, 200)
                .row("DELETE /api/carts/{id}/lines (open)", r -> r.delete("/api/carts/" + createCart() + "/lines"),
                        200, 200, 200, 200)
                .row("POST /api/carts/{id}/confirmation", r -> {
                    String cart = filledCart(concert);
                    var response = r.post("/api/carts/" + cart + "/confirmation");
                    freeSlot(cart);
                    return response;
                }, 401, 200, 200, 403)
                .row("GET /api/carts/{id} (confirmed)", r -> r.get("/api/carts/" + confirmedCart(concert, ownerToken)),
                        401, 200, 403, 200)
                .row("POST /api/carts/{id}/lines (confirmed)",
                        r -> r.body(line).post("/api/carts/" + confirmedCart(concert, ownerToken) + "/lines"),
                        409, 409, 409, 409)
                .row("GET /api/carts", r -> r.get("/api/carts"), 401, 200, 200, 200)
                .row("POST /api/admin/carts/projections/rebuild", r -> r.post("/api/admin/carts/projections/rebuild"),
                        401, 403, 403, 200)
                .verify();
    }

    @Test
    void the_read_models_rebuilt_from_the_event_table_equal_the_live_ones_and_nothing_is_published() {
        UUID concert = publishConcert(1000, 2000, "EUR");
        confirmedCart(concert, TestTokens.forUser(UUID.randomUUID().toString(), "customer"));
        add(createCart(), concert, "Golden Circle", 2).then().statusCode(200);
        String snapshot = "select id, user_id, status, lines, total_minor, currency, version from cart_view order by id";
        TestDatabase database = new TestDatabase(devstack, "carts");
        List<List<Object>> before = database.query(snapshot);
        long outboxBefore = database.count("select count(*) from outbox");

        database.update("delete from cart_view");
        given().auth().oauth2(TestTokens.admin()).post("/api/admin/carts/projections/rebuild").then().statusCode(200)
                .body("find { it.streamType == 'ShoppingCart' }.tables", org.hamcrest.Matchers.contains("cart_view"));

        assertThat(database.query(snapshot)).isEqualTo(before);
        assertThat(database.count("select count(*) from outbox")).isEqualTo(outboxBefore);
    }

    // --- helpers ---------------------------------------------------------------------------------

    private UUID publishConcert(long regularPrice, long goldenPrice, String currency) {
        UUID concert = UUID.randomUUID();
        kafka.send(Topics.CONCERTS, concert.toString(), "ConcertCreated", concertJson(concert, regularPrice, goldenPrice, currency));
        await().atMost(Duration.ofSeconds(30)).until(() ->
                !query("select id from catalog_concert where id = ?", concert).isEmpty());
        return concert;
    }

    private static String concertJson(UUID concert, long regularPrice, long goldenPrice, String currency) {
        return """
                {"concertId":"%s","title":"Catalogued","artist":"a","venue":"v","startsAt":"2030-01-01T00:00:00Z",
                 "ticketLevels":[{"name":"Regular","capacity":100,"priceMinor":%d,"currency":"%s","deliveryMethod":"ONLINE"},
                                 {"name":"Golden Circle","capacity":10,"priceMinor":%d,"currency":"%s","deliveryMethod":"PRINTED"}],
                 "someFutureField":{"ignored":true}}"""
                .formatted(concert, regularPrice, currency, goldenPrice, currency);
    }

    private String filledCart(UUID concert) {
        String cart = createCart();
        add(cart, concert, "Regular", 1).then().statusCode(200);
        return cart;
    }

    /** Confirmed by the owner, whose slot is freed again at once (a rejection), so the next one can be confirmed. */
    private String confirmedCart(UUID concert, String ownerToken) {
        String cart = filledCart(concert);
        var confirmed = given().auth().oauth2(ownerToken).post("/api/carts/" + cart + "/confirmation").then()
                .statusCode(200).extract();
        freeSlot(cart);
        return confirmed.path("id");
    }

    private void freeSlot(String cart) {
        new TestDatabase(devstack, "carts").update("delete from purchase_in_flight where cart_id = ?",
                UUID.fromString(cart));
    }

    private boolean processed(UUID messageId) {
        return !query("select consumer from processed_messages where message_id = ?", messageId).isEmpty();
    }

    private String createCart() {
        String location = given().post("/api/carts").then().statusCode(201).header("ETag", equalTo("W/\"1\""))
                .body("status", equalTo("OPEN")).extract().header("Location");
        return location.substring(location.lastIndexOf('/') + 1);
    }

    private int createCartAs(String token) {
        return (token == null ? given() : given().auth().oauth2(token)).post("/api/carts").statusCode();
    }

    private io.restassured.response.Response add(String cart, UUID concert, String level, int quantity) {
        return given().contentType(ContentType.JSON)
                .body("{\"concertId\":\"%s\",\"ticketLevel\":\"%s\",\"quantity\":%d}".formatted(concert, level, quantity))
                .post("/api/carts/" + cart + "/lines");
    }

    private List<String> query(String sql, Object param) {
        return new TestDatabase(devstack, "carts").column(sql, param);
    }
}
