package tickets.reservations.api;

import tickets.testkit.TestTokens;
import tickets.testkit.TestEvents;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;
import tickets.contracts.Topics;
import tickets.devstack.Devstack;
import tickets.testkit.InjectDevstack;

import tickets.testkit.TestDatabase;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/** With a two-second hold, an unpaid reservation expires by itself and its tickets come back. */
@QuarkusTest
@TestProfile(ReservationExpiryTest.ShortHold.class)
class ReservationExpiryTest {

    public static class ShortHold implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("tickets.reservations.hold", "PT2S");
        }
    }

    @InjectDevstack
    Devstack devstack;

    @Test
    void a_reservation_expires_after_its_hold_time_and_releases_its_tickets() {
        UUID concert = UUID.randomUUID();
        UUID cart = UUID.randomUUID();
        UUID user = UUID.randomUUID();
        try (TestEvents kafka = new TestEvents(devstack)) {
            kafka.send(Topics.CONCERTS, concert.toString(), "ConcertCreated", """
                    {"concertId":"%s","title":"Short hold","artist":"a","venue":"v","startsAt":"2030-01-01T00:00:00Z",
                     "ticketLevels":[{"name":"Regular","capacity":10,"priceMinor":1000,"currency":"EUR","deliveryMethod":"ONLINE"}]}"""
                    .formatted(concert));
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    given().get("/api/reservations/availability/" + concert).statusCode() == 200);
            kafka.sendInSaga(Topics.CARTS, cart, "CartConfirmed", """
                    {"cartId":"%s","userId":"%s","lines":[{"concertId":"%s","ticketLevel":"Regular","quantity":3,
                     "unitPriceMinor":1000}],"totalMinor":3000,"currency":"EUR"}""".formatted(cart, user, concert));
        }
        String token = TestTokens.forUser(user.toString(), "customer");
        await().atMost(Duration.ofSeconds(30)).until(() -> given().auth().oauth2(token).get("/api/reservations")
                .then().extract().jsonPath().getList("findAll { it.cartId == '" + cart + "' }").size() == 1);

        await().atMost(Duration.ofSeconds(30)).until(() -> "EXPIRED".equals(given().auth().oauth2(token)
                .get("/api/reservations").then().extract().jsonPath()
                .getString("find { it.cartId == '" + cart + "' }.status")));
        given().get("/api/reservations/availability/" + concert).then().statusCode(200)
                .body("find { it.ticketLevel == 'Regular' }.available", equalTo(10));
        String id = given().auth().oauth2(token).get("/api/reservations").then().extract().jsonPath()
                .getString("find { it.cartId == '" + cart + "' }.id");
        // an expired reservation cannot be cancelled any more
        given().auth().oauth2(token).post("/api/reservations/" + id + "/cancellation").then().statusCode(409);
        assertThat(id).isNotBlank();
    }

    @Test
    void a_hold_that_cannot_expire_backs_off_alone_and_the_others_still_expire() {
        UUID concert = concert(10);
        UUID stuck = UUID.randomUUID();
        // due work whose reservation refuses to expire (it does not exist as an active hold)
        new TestDatabase(devstack, "reservations").update("""
                insert into due_work (id, kind, stream_id, due_at, next_attempt_at, correlation_id, causation_id)
                values (gen_random_uuid(), 'reservation-expiry', ?, now(), now(), 'test', 'test')""", stuck);
        new TestDatabase(devstack, "reservations").update("""
                insert into events (event_id, stream_id, stream_type, stream_version, event_type, data)
                values (gen_random_uuid(), ?, 'Reservation', 1, 'ReservationCreated', ?::jsonb)""",
                stuck, """
                {"reservationId":"%s","cartId":"%s","userId":"%s","concertId":"%s","lines":[],"currency":"EUR",
                 "expiresAt":"2100-01-01T00:00:00Z"}""".formatted(stuck, UUID.randomUUID(), UUID.randomUUID(), concert));
        UUID cart = UUID.randomUUID();
        UUID user = UUID.randomUUID();
        confirm(cart, user, concert, 3);

        String token = TestTokens.forUser(user.toString(), "customer");
        await().atMost(Duration.ofSeconds(30)).until(() -> "EXPIRED".equals(statusOf(token, cart)));
        TestDatabase database = new TestDatabase(devstack, "reservations");
        assertThat(database.count("select attempts from due_work where stream_id = ?", stuck)).isPositive();
        assertThat(database.column("select last_error from due_work where stream_id = ?", stuck).get(0))
                .contains("still within its hold time");
        database.update("delete from due_work where stream_id = ?", stuck);
    }

    @Test
    void cancellations_racing_the_expiry_of_the_same_holds_end_each_hold_once_and_never_answer_500() throws Exception {
        UUID concert = concert(100);
        List<UUID> users = new ArrayList<>();
        List<UUID> carts = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            UUID cart = UUID.randomUUID();
            UUID user = UUID.randomUUID();
            carts.add(cart);
            users.add(user);
            confirm(cart, user, concert, 2);
        }
        TestDatabase database = new TestDatabase(devstack, "reservations");
        await().atMost(Duration.ofSeconds(30)).until(() ->
                database.count("select count(*) from reservation_view where cart_id = any(?)", carts) == 20);
        List<String> ids = database.column("select id from reservation_view where cart_id = any(?)", carts);

        // hammer the cancellations across the moment the holds fall due
        ExecutorService pool = Executors.newFixedThreadPool(ids.size());
        List<Integer> statuses = java.util.Collections.synchronizedList(new ArrayList<>());
        try {
            List<Callable<Void>> cancellers = new ArrayList<>();
            long until = System.nanoTime() + Duration.ofSeconds(4).toNanos();
            for (String id : ids) {
                String owner = database.column("select user_id from reservation_view where id = ?", UUID.fromString(id)).get(0);
                cancellers.add(() -> {
                    while (System.nanoTime() < until) {
                        int status = given().auth().oauth2(TestTokens.forUser(owner, "customer"))
                                .post("/api/reservations/" + id + "/cancellation").statusCode();
                        statuses.add(status);
                        if (status != 409) {
                            Thread.sleep(50);
                        }
                    }
                    return null;
                });
            }
            for (Future<Void> canceller : pool.invokeAll(cancellers)) {
                canceller.get();
            }
        } finally {
            pool.shutdownNow();
        }
        await().atMost(Duration.ofSeconds(30)).until(() ->
                database.count("select count(*) from reservation_view where cart_id = any(?) and status = 'ACTIVE'", carts) == 0);

        assertThat(statuses).as("a collision is a 409, never a 500").isNotEmpty().isSubsetOf(200, 409);
        for (String id : ids) {
            assertThat(database.column("select event_type from events where stream_id = ? and stream_version > 1",
                    UUID.fromString(id))).as("one end per hold").hasSize(1)
                    .first().isIn("ReservationCancelled", "ReservationExpired");
        }
        assertThat(database.count("select reserved from level_capacity where concert_id = ?", concert)).isZero();
        assertThat(database.count("select count(*) from due_work where stream_id = any(?)",
                ids.stream().map(UUID::fromString).toList())).isZero();
    }

    private UUID concert(int capacity) {
        UUID concert = UUID.randomUUID();
        try (TestEvents kafka = new TestEvents(devstack)) {
            kafka.send(Topics.CONCERTS, concert.toString(), "ConcertCreated", """
                    {"concertId":"%s","title":"Short hold","artist":"a","venue":"v","startsAt":"2030-01-01T00:00:00Z",
                     "ticketLevels":[{"name":"Regular","capacity":%d,"priceMinor":1000,"currency":"EUR","deliveryMethod":"ONLINE"}]}"""
                    .formatted(concert, capacity));
        }
        await().atMost(Duration.ofSeconds(30)).until(() ->
                given().get("/api/reservations/availability/" + concert).statusCode() == 200);
        return concert;
    }

    private void confirm(UUID cart, UUID user, UUID concert, int quantity) {
        try (TestEvents kafka = new TestEvents(devstack)) {
            kafka.sendInSaga(Topics.CARTS, cart, "CartConfirmed", """
                    {"cartId":"%s","userId":"%s","lines":[{"concertId":"%s","ticketLevel":"Regular","quantity":%d,
                     "unitPriceMinor":1000}],"totalMinor":%d,"currency":"EUR"}"""
                    .formatted(cart, user, concert, quantity, quantity * 1000));
        }
    }

    private static String statusOf(String token, UUID cart) {
        return given().auth().oauth2(token).get("/api/reservations").then().extract().jsonPath()
                .getString("find { it.cartId == '" + cart + "' }.status");
    }
}
