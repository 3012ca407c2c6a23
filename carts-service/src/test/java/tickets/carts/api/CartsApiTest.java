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
import tickets.testkit.TestDatabase;

import java.time.Duration;
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
        given().auth().oauth2(TestTokens.forUser(customer, "customer")).post("/api/carts/" + cart + "/confirmation")
                .then().statusCode(200).body("status", equalTo("CONFIRMED")).body("userId", equalTo(customer))
                .body("totalMinor", is(3 * 4500 + 12000)).body("currency", equalTo("EUR"))
                .body("lines.find { it.ticketLevel == 'Regular' }.unitPriceMinor", is(4500));

        assertThat(query("select type from outbox where aggregateid = ?", cart)).containsExactly("CartConfirmed");
        String payload = query("select cast(payload as text) from outbox where aggregateid = ?", cart).get(0);
        assertThat(payload).contains("\"currency\": \"EUR\"").contains("\"totalMinor\": 25500").contains(customer);

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
        kafka.send(Topics.RESERVATIONS, confirmed, "ReservationRejected", """
                {"cartId":"%s","userId":"%s","rejectedLines":[]}""".formatted(confirmed, user));
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
    void each_endpoint_answers_anonymous_customer_other_customer_and_admin_as_specified() {
        UUID concert = publishConcert(1000, 2000, "EUR");
        String owner = UUID.randomUUID().toString();
        String ownerToken = TestTokens.forUser(owner, "customer");
        String otherToken = TestTokens.forUser(UUID.randomUUID().toString(), "customer");
        String admin = TestTokens.admin();

        // an open cart: anyone holding its id may use it
        String open = createCart();
        for (String token : new String[] {null, ownerToken, otherToken, admin}) {
            var request = token == null ? given() : given().auth().oauth2(token);
            request.get("/api/carts/" + open).then().statusCode(200);
        }
        assertThat(createCartAs(null)).isEqualTo(201);
        assertThat(createCartAs(ownerToken)).isEqualTo(201);

        // confirming needs a customer
        String cart = createCart();
        add(cart, concert, "Regular", 1).then().statusCode(200);
        given().post("/api/carts/" + cart + "/confirmation").then().statusCode(401);
        given().auth().oauth2(admin).post("/api/carts/" + cart + "/confirmation").then().statusCode(403);
        given().auth().oauth2(ownerToken).post("/api/carts/" + cart + "/confirmation").then().statusCode(200);

        // a confirmed cart is its owner's
        given().get("/api/carts/" + cart).then().statusCode(401);
        given().auth().oauth2(ownerToken).get("/api/carts/" + cart).then().statusCode(200);
        given().auth().oauth2(otherToken).get("/api/carts/" + cart).then().statusCode(403);
        given().auth().oauth2(admin).get("/api/carts/" + cart).then().statusCode(200);

        // "my carts": logged-in users only, each sees their own
        given().get("/api/carts").then().statusCode(401);
        given().auth().oauth2(ownerToken).get("/api/carts").then().statusCode(200).body("id", org.hamcrest.Matchers.hasItem(cart));
        given().auth().oauth2(otherToken).get("/api/carts").then().statusCode(200)
                .body("id", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasItem(cart)));
        given().auth().oauth2(admin).get("/api/carts").then().statusCode(200);
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
