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

import java.time.Duration;
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
            kafka.send(Topics.CARTS, cart.toString(), "CartConfirmed", """
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
}
