package tickets.concerts.api;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static tickets.concerts.testsupport.ConcertFixtures.concert;
import static tickets.concerts.testsupport.ConcertFixtures.level;
import static tickets.testkit.TestTokens.admin;
import static tickets.testkit.TestTokens.forUser;

/** Every endpoint of concerts-service × {anonymous, customer, another customer, admin} → the expected status. */
@QuarkusTest
class ConcertsAuthorizationMatrixTest {

    private record Row(String endpoint, BiFunction<RequestSpecification, String, Integer> call,
                       int anonymous, int customer, int otherCustomer, int admin) {
    }

    @Test
    void each_endpoint_answers_each_kind_of_caller_as_specified() {
        String customer = forUser("c0ffee00-0000-4000-8000-000000000001", "customer");
        String otherCustomer = forUser("c0ffee00-0000-4000-8000-000000000002", "customer");
        String admin = admin();
        String update = "{\"title\":\"t\",\"artist\":\"a\",\"venue\":\"v\",\"startsAt\":\"2030-01-01T00:00:00Z\"}";
        String levels = "{\"ticketLevels\":[" + level("Regular", 10, 100, "ONLINE") + "]}";

        List<Row> matrix = List.of(
                new Row("GET /api/concerts", (r, id) -> r.get("/api/concerts").statusCode(), 200, 200, 200, 200),
                new Row("GET /api/concerts/{id}", (r, id) -> r.get("/api/concerts/" + id).statusCode(), 200, 200, 200, 200),
                new Row("POST /api/concerts", (r, id) -> r.body(concert("Matrix")).post("/api/concerts").statusCode(),
                        401, 403, 403, 201),
                new Row("PUT /api/concerts/{id}", (r, id) -> r.body(update).put("/api/concerts/" + id).statusCode(),
                        401, 403, 403, 200),
                new Row("PUT /api/concerts/{id}/ticket-levels",
                        (r, id) -> r.body(levels).put("/api/concerts/" + id + "/ticket-levels").statusCode(),
                        401, 403, 403, 200),
                new Row("POST /api/concerts/{id}/cancellation",
                        (r, id) -> r.body("{\"reason\":\"matrix\"}").post("/api/concerts/" + id + "/cancellation").statusCode(),
                        401, 403, 403, 200));

        List<String> mismatches = new ArrayList<>();
        for (Row row : matrix) {
            check(mismatches, row, "anonymous", null, row.anonymous());
            check(mismatches, row, "customer", customer, row.customer());
            check(mismatches, row, "another customer", otherCustomer, row.otherCustomer());
            check(mismatches, row, "admin", admin, row.admin());
        }
        assertThat(mismatches).isEmpty();
    }

    /** Tokens pass through every request above: none may reach a log line. */
    @org.junit.jupiter.api.AfterAll
    static void no_token_appears_in_the_log() throws java.io.IOException {
        String log = java.nio.file.Files.readString(java.nio.file.Path.of("target/concerts-service-test.log"));
        assertThat(log).contains("concerts-service");
        assertThat(log).doesNotContainPattern("eyJ[A-Za-z0-9_-]{10,}\\.eyJ");
    }

    private void check(List<String> mismatches, Row row, String caller, String token, int expected) {
        String id = freshConcert();
        RequestSpecification request = (token == null ? given() : given().auth().oauth2(token)).contentType(ContentType.JSON);
        int actual = row.call().apply(request, id);
        if (actual != expected) {
            mismatches.add(row.endpoint() + " as " + caller + ": expected " + expected + " but was " + actual);
        }
    }

    private String freshConcert() {
        String location = given().auth().oauth2(admin()).contentType(ContentType.JSON).body(concert("Matrix target"))
                .post("/api/concerts").then().statusCode(201).extract().header("Location");
        return location.substring(location.lastIndexOf('/') + 1);
    }
}
