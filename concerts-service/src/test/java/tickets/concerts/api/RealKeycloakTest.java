package tickets.concerts.api;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;
import tickets.devstack.Devstack;
import tickets.devstack.SandboxSecrets;
import tickets.testkit.InjectDevstack;
import tickets.testkit.KeycloakTestResource;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static tickets.concerts.testsupport.ConcertFixtures.concert;

/** The real token path: the devstack's Keycloak issues the tokens, the service verifies them. */
@QuarkusTest
@TestProfile(RealKeycloakTest.WithRealKeycloak.class)
class RealKeycloakTest {

    public static class WithRealKeycloak implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(KeycloakTestResource.class, Map.of("context", "concerts")));
        }
    }

    @InjectDevstack
    Devstack devstack;

    @Test
    void the_demo_admin_logs_in_at_keycloak_and_creates_a_concert() {
        String token = login("admin", "admin-pass");
        assertThat(realmRoles(token)).contains("admin").doesNotContain("customer");

        given().auth().oauth2(token).contentType(ContentType.JSON).body(concert("Real Keycloak"))
                .post("/api/concerts").then().statusCode(201).body("title", equalTo("Real Keycloak"));
    }

    @Test
    void a_customer_of_the_realm_is_forbidden_to_create_concerts() {
        String token = login("alice", "alice-pass");
        assertThat(realmRoles(token)).contains("customer").doesNotContain("admin");

        given().auth().oauth2(token).contentType(ContentType.JSON).body(concert("Not allowed"))
                .post("/api/concerts").then().statusCode(403);
    }

    @Test
    void a_token_the_realm_issued_to_another_client_is_refused() {
        // the platform's own service account: a valid token of the realm, but not meant for the API
        String token = given().formParam("grant_type", "client_credentials").formParam("client_id", "tickets-service")
                .formParam("client_secret", SandboxSecrets.SERVICE_CLIENT_SECRET)
                .post(devstack.keycloak().realmUrl() + "/protocol/openid-connect/token")
                .then().statusCode(200).extract().path("access_token");
        assertThat(audiences(token)).doesNotContain("tickets-api");
        assertThat(audiences(login("admin", "admin-pass"))).contains("tickets-api");

        given().auth().oauth2(token).contentType(ContentType.JSON).body(concert("Service account"))
                .post("/api/concerts").then().statusCode(401);
    }

    @Test
    void a_wrong_password_gets_no_token() {
        given().formParam("grant_type", "password").formParam("client_id", "tickets-web")
                .formParam("username", "admin").formParam("password", "wrong")
                .post(devstack.keycloak().realmUrl() + "/protocol/openid-connect/token")
                .then().statusCode(401);
    }

    private String login(String user, String password) {
        return given().formParam("grant_type", "password").formParam("client_id", "tickets-web")
                .formParam("username", user).formParam("password", password)
                .post(devstack.keycloak().realmUrl() + "/protocol/openid-connect/token")
                .then().statusCode(200).extract().path("access_token");
    }

    private static List<String> audiences(String token) {
        Object audience = JsonPath.from(payload(token)).get("aud");
        return audience instanceof List<?> list ? list.stream().map(String::valueOf).toList()
                : audience == null ? List.of() : List.of(String.valueOf(audience));
    }

    private static String payload(String token) {
        return new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8);
    }

    private static List<String> realmRoles(String token) {
        String payload = new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8);
        return JsonPath.from(payload).getList("realm_access.roles");
    }
}
