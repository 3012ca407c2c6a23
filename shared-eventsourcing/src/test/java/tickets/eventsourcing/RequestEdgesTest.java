package tickets.eventsourcing;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import tickets.testkit.TestTokens;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

/** What every service answers to a hostile client at its edge, once for all: always problem+json, never a 500. */
@QuarkusTest
class RequestEdgesTest {

    private static final String PROBLEM = "application/problem+json";

    @Test
    void a_body_that_is_not_json_is_415_even_when_a_browser_could_send_it_cross_site() {
        given().formParam("title", "a form post").post("/api/library/notes").then().statusCode(415).contentType(PROBLEM);
        given().multiPart("title", "a multipart post").post("/api/library/notes").then().statusCode(415)
                .contentType(PROBLEM);
        for (String type : new String[] {"text/plain", "application/xml", "application/json; charset=iso-8859-1",
                "nonsense"}) {
            given().contentType(type).body(("{\"title\":\"sent as " + type + "\"}").getBytes()).post("/api/library/notes")
                    .then().statusCode(415).contentType(PROBLEM).body("status", is(415));
        }
        // a body without any Content-Type is not JSON either; no body needs none, whatever the client labels it
        given().body("{\"title\":\"no type\"}".getBytes()).noContentType().post("/api/library/notes")
                .then().statusCode(415).contentType(PROBLEM);
        given().contentType(ContentType.JSON.withCharset("UTF-8")).body("{\"title\":\"utf-8 " + System.nanoTime() + "\"}")
                .post("/api/library/notes").then().statusCode(201);
        given().contentType("text/plain").post("/api/admin/library/projections/rebuild").then().statusCode(401);
    }

    @Test
    void duplicate_keys_and_every_other_unreadable_body_are_a_400_problem() {
        given().contentType(ContentType.JSON).body("{\"title\":\"a\",\"title\":\"b\"}").post("/api/library/notes")
                .then().statusCode(400).contentType(PROBLEM).body("detail", containsString("Duplicate field"));
        given().contentType(ContentType.JSON).body("{\"title\":\"a\"} trailing").post("/api/library/notes")
                .then().statusCode(400).contentType(PROBLEM);
        given().contentType(ContentType.JSON).body("[]").post("/api/library/notes").then().statusCode(400).contentType(PROBLEM);
        given().contentType(ContentType.JSON).body("\"just a string\"").post("/api/library/notes").then().statusCode(400)
                .contentType(PROBLEM);
        given().contentType(ContentType.JSON).body("{\"title\":{\"nested\":1}}").post("/api/library/notes")
                .then().statusCode(400).contentType(PROBLEM).body("detail", containsString("title"));
        given().contentType(ContentType.JSON).body("{\"title\":\"x\",\"archiveAt\":1906000000}").post("/api/library/notes")
                .then().statusCode(400).contentType(PROBLEM).body("detail", containsString("archiveAt"));
        given().contentType(ContentType.JSON).body("{\"title\":\"bad\\u0000nul\"}").post("/api/library/notes")
                .then().statusCode(400).contentType(PROBLEM).body("detail", containsString("title"));
        given().contentType(ContentType.JSON).body("{\"title\":\"lone \\ud800 surrogate\"}").post("/api/library/notes")
                .then().statusCode(400).contentType(PROBLEM).body("detail", containsString("title"));
    }

    @Test
    void control_characters_and_broken_utf8_in_the_path_or_query_are_a_400_problem() {
        given().urlEncodingEnabled(false).get("/api/library/notes/abc%00def").then().statusCode(400).contentType(PROBLEM)
                .body("errors[0].field", equalTo("path"));
        given().urlEncodingEnabled(false).get("/api/library/notes/x?view=%ED%A0%80").then().statusCode(400)
                .contentType(PROBLEM).body("errors[0].field", equalTo("query"));
        given().get("/api/library/notes/" + "x".repeat(5000)).then().statusCode(404).contentType(PROBLEM);
    }

    @Test
    void a_malformed_bearer_token_is_a_401_problem_checked_locally() {
        for (String token : new String[] {"x.y.z", "eyJhbGciOiJub25lIn0.e30.", "garbage", "a.b"}) {
            given().header("Authorization", "Bearer " + token).post("/api/admin/library/projections/rebuild")
                    .then().statusCode(401).contentType(PROBLEM);
        }
    }

    /** What a signed-in caller is answered is theirs: no cache may keep it; an anonymous answer says nothing of caching. */
    @Test
    void an_answer_to_a_caller_with_credentials_may_not_be_stored_by_any_cache() {
        given().auth().oauth2(TestTokens.admin()).post("/api/admin/library/projections/rebuild")
                .then().statusCode(200).header("Cache-Control", "no-store");
        given().auth().oauth2(TestTokens.customer()).get("/api/library/notes/" + UUID.randomUUID())
                .then().statusCode(404).contentType(PROBLEM).header("Cache-Control", "no-store");
        given().get("/api/library/notes/" + UUID.randomUUID())
                .then().statusCode(404).header("Cache-Control", nullValue());
    }

    @Test
    void an_unknown_route_or_method_is_a_problem_too() {
        given().get("/api/nothing-here").then().statusCode(404).contentType(PROBLEM);
        given().delete("/api/library/notes").then().statusCode(405).contentType(PROBLEM);
    }

    /** A client's bad token is its own problem: no ERROR line, no call to the identity provider. */
    @AfterAll
    static void no_error_was_logged_for_anything_a_client_sent() throws IOException {
        String log = Files.readString(Path.of("target/library-service-test.log"));
        assertThat(log).contains("library-service");
        assertThat(log.lines().filter(line -> line.contains(" ERROR ")
                        && (line.contains("oidc") || line.contains("Oidc") || line.contains("introspect"))))
                .isEmpty();
    }
}
