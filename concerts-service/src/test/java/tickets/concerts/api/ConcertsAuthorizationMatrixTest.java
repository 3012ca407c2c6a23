package tickets.concerts.api;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import tickets.testkit.AuthorizationMatrix;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static tickets.concerts.testsupport.ConcertFixtures.concert;
import static tickets.concerts.testsupport.ConcertFixtures.level;
import static tickets.testkit.TestTokens.admin;
import static tickets.testkit.TestTokens.forUser;

/** Every endpoint of concerts-service × {anonymous, customer, another customer, admin} → the expected status. */
@QuarkusTest
class ConcertsAuthorizationMatrixTest {

    @Test
    void each_endpoint_answers_each_kind_of_caller_as_specified() {
        String update = "{\"title\":\"t\",\"artist\":\"a\",\"venue\":\"v\",\"startsAt\":\"2030-01-01T00:00:00Z\"}";
        String levels = "{\"ticketLevels\":[" + level("Regular", 10, 100, "ONLINE") + "]}";

        AuthorizationMatrix.forCallers(forUser("c0ffee00-0000-4000-8000-000000000001", "customer"),
                        forUser("c0ffee00-0000-4000-8000-000000000002", "customer"), admin())
                .row("GET /api/concerts", r -> r.get("/api/concerts"), 200, 200, 200, 200)
                .row("GET /api/concerts/{id}", r -> r.get("/api/concerts/" + freshConcert()), 200, 200, 200, 200)
                .row("POST /api/concerts", r -> r.body(concert("Matrix")).post("/api/concerts"), 401, 403, 403, 201)
                .row("PUT /api/concerts/{id}", r -> r.body(update).put("/api/concerts/" + freshConcert()),
                        401, 403, 403, 200)
                .row("PUT /api/concerts/{id}/ticket-levels",
                        r -> r.body(levels).put("/api/concerts/" + freshConcert() + "/ticket-levels"), 401, 403, 403, 200)
                .row("POST /api/concerts/{id}/cancellation",
                        r -> r.body("{\"reason\":\"matrix\"}").post("/api/concerts/" + freshConcert() + "/cancellation"),
                        401, 403, 403, 200)
                .row("POST /api/admin/concerts/projections/rebuild",
                        r -> r.post("/api/admin/concerts/projections/rebuild"), 401, 403, 403, 200)
                .verify();
    }

    /** Tokens pass through every request above: none may reach a log line. */
    @AfterAll
    static void no_token_appears_in_the_log() throws IOException {
        String log = Files.readString(Path.of("target/concerts-service-test.log"));
        assertThat(log).contains("concerts-service");
        assertThat(log).doesNotContainPattern("eyJ[A-Za-z0-9_-]{10,}\\.eyJ");
    }

    private static String freshConcert() {
        String location = given().auth().oauth2(admin()).contentType(ContentType.JSON).body(concert("Matrix target"))
                .post("/api/concerts").then().statusCode(201).extract().header("Location");
        return location.substring(location.lastIndexOf('/') + 1);
    }
}
