package tickets.concerts.api;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tickets.testkit.TestDatabase;
import tickets.devstack.Devstack;
import tickets.testkit.InjectDevstack;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static tickets.concerts.testsupport.ConcertFixtures.concert;
import static tickets.concerts.testsupport.ConcertFixtures.level;
import static tickets.testkit.TestTokens.admin;
import static tickets.testkit.TestTokens.customer;

@QuarkusTest
class ConcertsApiTest {

    private static final String PROBLEM_JSON = "application/problem+json";

    @InjectDevstack
    Devstack devstack;

    private TestDatabase database;

    @BeforeEach
    void connect() {
        database = new TestDatabase(devstack, "concerts");
    }

    @Test
    void creating_a_concert_answers_201_with_location_etag_and_the_concert() {
        Response created = given().auth().oauth2(admin()).contentType(ContentType.JSON).body(concert("Night Songs"))
                .post("/api/concerts");

        created.then().statusCode(201)
                .header("Location", matchesPattern(".*/api/concerts/[0-9a-f-]{36}$"))
                .header("ETag", equalTo("W/\"1\""))
                .body("title", equalTo("Night Songs"))
                .body("status", equalTo("SCHEDULED"))
                .body("ticketLevels.name", hasItem("Golden Circle"))
                .body("ticketLevels.find { it.name == 'Golden Circle' }.deliveryMethod", equalTo("PRINTED"));
        String location = created.header("Location");

        given().get(location).then().statusCode(200)
                .header("ETag", equalTo("W/\"1\""))
                .body("title", equalTo("Night Songs"))
                .body("ticketLevels.find { it.name == 'Regular' }.priceMinor", equalTo(4500));
    }

    static Stream<Arguments> invalidBodies() {
        return Stream.of(
                Arguments.of("malformed JSON", "{\"title\": \"x\", ", "not valid JSON"),
                Arguments.of("negative capacity", concert("Bad", level("Regular", -5, 100, "ONLINE")),
                        "ticketLevels[0].capacity"),
                Arguments.of("negative price", concert("Bad", level("Regular", 5, -100, "ONLINE")),
                        "ticketLevels[0].priceMinor"),
                Arguments.of("duplicate level", concert("Bad", level("Regular", 5, 100, "ONLINE"),
                        level("regular", 5, 100, "PRINTED")), "duplicate ticket level"),
                Arguments.of("missing fields", "{\"title\":\"Only a title\"}", "artist"),
                Arguments.of("missing level capacity", concert("Bad",
                        "{\"name\":\"Regular\",\"priceMinor\":1,\"currency\":\"EUR\",\"deliveryMethod\":\"ONLINE\"}"),
                        "ticketLevels[0].capacity"),
                Arguments.of("unknown delivery method", concert("Bad", level("Regular", 5, 100, "EMAIL")),
                        "must be one of [ONLINE, PRINTED]"),
                Arguments.of("wrong type", concert("Bad").replace("\"capacity\":100", "\"capacity\":\"lots\""),
                        "capacity"),
                Arguments.of("no ticket levels", concert("Bad", new String[0]), "ticketLevels"),
                Arguments.of("start in the past", concert("Bad").replace("2030-06-01", "2001-06-01"), "startsAt"),
                Arguments.of("empty body", "", "body is required"),
                // a hostile client's variations: each one a 400 naming the field, nothing stored
                Arguments.of("fractional price", concert("Bad", level("Regular", 5, 100, "ONLINE"))
                        .replace("\"priceMinor\":100", "\"priceMinor\":4599.99"), "ticketLevels[0].priceMinor"),
                Arguments.of("fractional capacity", concert("Bad").replace("\"capacity\":100", "\"capacity\":37.5"),
                        "ticketLevels[0].capacity"),
                Arguments.of("number sent as text", concert("Bad").replace("\"capacity\":100", "\"capacity\":\"37\""),
                        "ticketLevels[0].capacity"),
                Arguments.of("title sent as a number", concert("Bad").replace("\"title\":\"Bad\"", "\"title\":12345"),
                        "title"),
                Arguments.of("artist sent as a boolean", concert("Bad").replace("\"artist\":\"The Testers\"",
                        "\"artist\":true"), "artist"),
                Arguments.of("start time sent as a number", concert("Bad").replace("\"2030-06-01T19:30:00Z\"",
                        "1906000000"), "startsAt"),
                Arguments.of("delivery method sent as a number", concert("Bad").replace("\"deliveryMethod\":\"ONLINE\"",
                        "\"deliveryMethod\":1"), "deliveryMethod"),
                Arguments.of("NUL in the title", concert("Bad\\u0000Night"), "title"),
                Arguments.of("lone surrogate in the title", concert("Bad\\ud800Night"), "title"),
                Arguments.of("start in the year 294277", concert("Bad").replace("2030-06-01T19:30:00Z",
                        "+294277-01-01T00:00:00Z"), "startsAt"),
                Arguments.of("price near 2^62", concert("Bad", level("Regular", 5, 4611686018427387903L, "ONLINE")),
                        "ticketLevels[0].priceMinor"),
                Arguments.of("duplicate key", "{\"title\":\"a\",\"title\":\"b\"}", "Duplicate field"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidBodies")
    void an_invalid_body_is_a_400_problem_and_stores_nothing(String kind, String body, String detail) {
        long eventsBefore = database.count("select count(*) from events");

        given().auth().oauth2(admin()).contentType(ContentType.JSON).body(body).post("/api/concerts")
                .then().statusCode(400)
                .contentType(PROBLEM_JSON)
                .body("status", is(400))
                .body("type", notNullValue())
                .body("detail", containsString(detail))
                .body(org.hamcrest.Matchers.not(containsString("Exception")));

        assertThat(database.count("select count(*) from events")).isEqualTo(eventsBefore);
    }

    @Test
    void without_a_token_changes_are_401() {
        given().contentType(ContentType.JSON).body(concert("Anon")).post("/api/concerts")
                .then().statusCode(401).contentType(PROBLEM_JSON).header("WWW-Authenticate", containsString("Bearer"));
    }

    @Test
    void a_token_from_an_unknown_issuer_is_401() {
        given().auth().oauth2(tickets.testkit.TestTokens.foreign()).contentType(ContentType.JSON)
                .body(concert("Forged")).post("/api/concerts")
                .then().statusCode(401).contentType(PROBLEM_JSON);
    }

    @Test
    void a_token_of_the_trusted_issuer_meant_for_another_api_is_401() {
        given().auth().oauth2(tickets.testkit.TestTokens.forAnotherAudience()).contentType(ContentType.JSON)
                .body(concert("Wrong audience")).post("/api/concerts")
                .then().statusCode(401).contentType(PROBLEM_JSON);
        given().auth().oauth2(tickets.testkit.TestTokens.admin()).contentType(ContentType.JSON)
                .body(concert("Right audience")).post("/api/concerts")
                .then().statusCode(201);
    }

    @Test
    void a_customer_cannot_create_update_or_cancel_403() {
        String id = create("Customer proof");
        given().auth().oauth2(customer()).contentType(ContentType.JSON).body(concert("Mine")).post("/api/concerts")
                .then().statusCode(403).contentType(PROBLEM_JSON);
        given().auth().oauth2(customer()).contentType(ContentType.JSON)
                .body("{\"title\":\"t\",\"artist\":\"a\",\"venue\":\"v\",\"startsAt\":\"2030-01-01T00:00:00Z\"}")
                .put("/api/concerts/" + id).then().statusCode(403);
        given().auth().oauth2(customer()).contentType(ContentType.JSON).body("{\"reason\":\"mine\"}")
                .post("/api/concerts/" + id + "/cancellation").then().statusCode(403);
    }

    @Test
    void anyone_may_browse() {
        String id = create("Public browsing");
        given().get("/api/concerts/" + id).then().statusCode(200);
        given().get("/api/concerts").then().statusCode(200).body("items", notNullValue());
    }

    @Test
    void an_unknown_concert_is_404() {
        UUID unknown = UUID.randomUUID();
        given().get("/api/concerts/" + unknown).then().statusCode(404).contentType(PROBLEM_JSON)
                .body("detail", containsString(unknown.toString()));
        given().get("/api/concerts/not-a-uuid").then().statusCode(404).contentType(PROBLEM_JSON);
        given().auth().oauth2(admin()).contentType(ContentType.JSON).body("{\"reason\":\"gone\"}")
                .post("/api/concerts/" + unknown + "/cancellation").then().statusCode(404).contentType(PROBLEM_JSON);
        given().auth().oauth2(admin()).contentType(ContentType.JSON).header("If-Match", "W/\"1\"")
                .body("{\"title\":\"t\",\"artist\":\"a\",\"venue\":\"v\",\"startsAt\":\"2030-01-01T00:00:00Z\"}")
                .put("/api/concerts/" + unknown).then().statusCode(404);
    }

    @Test
    void a_stale_if_match_is_412_and_changes_nothing() {
        String id = create("Stale");
        String update = "{\"title\":\"Renamed\",\"artist\":\"a\",\"venue\":\"v\",\"startsAt\":\"2030-01-01T00:00:00Z\"}";
        given().auth().oauth2(admin()).contentType(ContentType.JSON).header("If-Match", "W/\"1\"").body(update)
                .put("/api/concerts/" + id).then().statusCode(200).header("ETag", equalTo("W/\"2\""))
                .body("title", equalTo("Renamed"));

        given().auth().oauth2(admin()).contentType(ContentType.JSON).header("If-Match", "W/\"1\"")
                .body(update.replace("Renamed", "Lost update"))
                .put("/api/concerts/" + id).then().statusCode(412).contentType(PROBLEM_JSON)
                .header("ETag", equalTo("W/\"2\""));

        given().get("/api/concerts/" + id).then().body("title", equalTo("Renamed")).header("ETag", equalTo("W/\"2\""));
        assertThat(database.count("select count(*) from events where stream_id = ?", UUID.fromString(id))).isEqualTo(2);
    }

    @Test
    void a_malformed_if_match_is_400() {
        String id = create("Bad tag");
        given().auth().oauth2(admin()).contentType(ContentType.JSON).header("If-Match", "seven")
                .body("{\"reason\":\"x\"}").post("/api/concerts/" + id + "/cancellation")
                .then().statusCode(400).contentType(PROBLEM_JSON);
    }

    @Test
    void of_concurrent_updates_with_the_same_version_exactly_one_succeeds() throws Exception {
        String id = create("Race");
        int writers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Callable<Integer>> updates = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                String body = "{\"title\":\"Writer " + i + "\",\"artist\":\"a\",\"venue\":\"v\",\"startsAt\":\"2030-01-01T00:00:00Z\"}";
                String token = admin();
                updates.add(() -> given().auth().oauth2(token).contentType(ContentType.JSON).header("If-Match", "W/\"1\"")
                        .body(body).put("/api/concerts/" + id).statusCode());
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> status : pool.invokeAll(updates)) {
                statuses.add(status.get());
            }
            assertThat(statuses).filteredOn(s -> s == 200).hasSize(1);
            assertThat(statuses).filteredOn(s -> s != 200).allMatch(s -> s == 409 || s == 412);
        } finally {
            pool.shutdownNow();
        }
        assertThat(database.count("select count(*) from events where stream_id = ?", UUID.fromString(id))).isEqualTo(2);
        given().get("/api/concerts/" + id).then().header("ETag", equalTo("W/\"2\""));
    }

    @Test
    void a_cancelled_concert_takes_no_further_changes() {
        String id = create("To cancel");
        given().auth().oauth2(admin()).contentType(ContentType.JSON).body("{\"reason\":\"artist ill\"}")
                .post("/api/concerts/" + id + "/cancellation").then().statusCode(200)
                .body("status", equalTo("CANCELLED")).body("cancellationReason", equalTo("artist ill"));

        given().auth().oauth2(admin()).contentType(ContentType.JSON)
                .body("{\"ticketLevels\":[" + level("Regular", 10, 100, "ONLINE") + "]}")
                .put("/api/concerts/" + id + "/ticket-levels").then().statusCode(409).contentType(PROBLEM_JSON)
                .body("detail", containsString("cancelled"));
        // cancelling again changes nothing and is not an error
        given().auth().oauth2(admin()).contentType(ContentType.JSON).body("{\"reason\":\"again\"}")
                .post("/api/concerts/" + id + "/cancellation").then().statusCode(200)
                .header("ETag", equalTo("W/\"2\"")).body("cancellationReason", equalTo("artist ill"));
    }

    @Test
    void ticket_levels_can_be_replaced() {
        String id = create("Levels");
        given().auth().oauth2(admin()).contentType(ContentType.JSON).header("If-Match", "W/\"1\"")
                .body("{\"ticketLevels\":[" + level("Balcony", 30, 3000, "PRINTED") + "]}")
                .put("/api/concerts/" + id + "/ticket-levels").then().statusCode(200)
                .header("ETag", equalTo("W/\"2\"")).body("ticketLevels.name", org.hamcrest.Matchers.contains("Balcony"));
        given().get("/api/concerts/" + id).then().body("ticketLevels[0].capacity", is(30));
    }

    @Test
    void the_list_is_paged_and_filtered_by_status() {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        for (int i = 0; i < 3; i++) {
            create("Paged " + tag + " " + i);
        }
        long total = given().get("/api/concerts?size=2").then().statusCode(200)
                .body("size", is(2)).body("items.size()", is(2)).extract().jsonPath().getLong("total");
        assertThat(total).isGreaterThanOrEqualTo(3);
        given().get("/api/concerts?status=CANCELLED").then().statusCode(200)
                .body("items.status", org.hamcrest.Matchers.everyItem(equalTo("CANCELLED")));
        given().get("/api/concerts?size=1000").then().statusCode(400).contentType(PROBLEM_JSON);
        given().get("/api/concerts?page=abc").then().statusCode(400).contentType(PROBLEM_JSON);
        given().get("/api/concerts?status=POSTPONED").then().statusCode(400).contentType(PROBLEM_JSON);
    }

    @Test
    void openapi_and_health_are_served() {
        given().get("/q/openapi").then().statusCode(200).body(containsString("/api/concerts"));
        given().get("/q/health/ready").then().statusCode(200).body(containsString("UP"));
    }

    private String create(String title) {
        String location = given().auth().oauth2(admin()).contentType(ContentType.JSON).body(concert(title))
                .post("/api/concerts").then().statusCode(201).extract().header("Location");
        return location.substring(location.lastIndexOf('/') + 1);
    }
}
