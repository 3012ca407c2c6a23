package tickets.platform;

import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tickets.devstack.Devstack;
import tickets.devstack.Gateway;
import tickets.devstack.Ports;
import tickets.devstack.QuarkusService;
import tickets.devstack.SandboxSecrets;
import tickets.devstack.ServiceTable;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

/**
 * The built services as processes behind the nginx gateway, on the real devstack (PostgreSQL,
 * Kafka, relay, Keycloak): every route reaches its service, and a newcomer's first steps work
 * end to end through the gateway alone.
 */
class PlatformThroughTheGatewayTest {

    private static final Duration HOLD = Platform.HOLD;

    private static Devstack devstack;
    private static String gateway;
    private static QuarkusService reservations;
    private static QuarkusService payments;

    @BeforeAll
    static void startThePlatform() {
        Platform platform = Platform.shared();
        devstack = platform.devstack;
        gateway = platform.gateway;
        reservations = platform.services.get("reservations");
        payments = platform.services.get("payments");
        RestAssured.baseURI = gateway;
    }

    /**
     * Outside the devstack a service refuses the sandbox secrets the README publishes: it stops before it serves or
     * consumes anything, naming each weak secret but never its value. The running platform's payments-service has
     * the same secrets and started because the devstack said so, and it warned.
     */
    @Test
    void a_service_refuses_to_start_with_published_secrets_unless_the_devstack_says_so() throws IOException {
        String refused = "Refusing to start with weak secrets: tickets.payments.provider.api-key is a published sandbox value; "
                + "tickets.payments.provider.webhook-secret is a published sandbox value";
        Throwable failure = catchThrowable(() ->
                devstack.startService("payments", Ports.free(), Map.of(SandboxSecrets.ALLOWED_VARIABLE, "false")));
        assertThat(failure).isInstanceOf(IllegalStateException.class).hasMessageContaining("exited with code");
        Matcher log = Pattern.compile("its log: (\\S+)").matcher(failure.getMessage());
        assertThat(log.find()).isTrue();
        String written = Files.readString(Path.of(log.group(1)));
        assertThat(written).contains(refused).contains("Running with the devstack's sandbox secrets (tickets.secrets.sandbox-allowed)")
                .doesNotContain(SandboxSecrets.PAYMENT_PROVIDER_WEBHOOK_SECRET);
        // the platform's own payments-service, started with the same secrets and the devstack's say-so, still serves
        given().baseUri(payments.baseUrl()).get("/q/health/ready").then().statusCode(200);
    }

    @Test
    void every_route_of_the_table_reaches_the_right_service() {
        Map<String, Consumer<String>> probes = new HashMap<>(Map.of(
                "/api/concerts", prefix -> given().get(prefix + "/" + UUID.randomUUID()).then().statusCode(404)
                        .contentType("application/problem+json").body("detail", containsString("concert")),
                "/api/users", prefix -> given().contentType(ContentType.JSON).body("{}").post(prefix).then()
                        .statusCode(400).body("detail", containsString("username")),
                "/api/carts", prefix -> given().post(prefix).then().statusCode(201).body("status", equalTo("OPEN")),
                "/api/reservations", prefix -> given().get(prefix + "/availability/" + UUID.randomUUID()).then()
                        .statusCode(404).body("detail", containsString("concert")),
                "/api/orders", prefix -> given().auth().oauth2(login("alice", "alice-pass"))
                        .get(prefix + "/" + UUID.randomUUID()).then().statusCode(404).body("detail", containsString("order")),
                "/api/purchases", prefix -> given().auth().oauth2(login("alice", "alice-pass"))
                        .get(prefix + "/" + UUID.randomUUID()).then().statusCode(404).body("detail", containsString("purchase")),
                "/api/payments", prefix -> given().auth().oauth2(login("alice", "alice-pass")).contentType(ContentType.JSON)
                        .body("{}").post(prefix).then().statusCode(400).body("detail", containsString("purchaseId")),
                "/auth/realms/tickets", prefix -> given().get(prefix + "/.well-known/openid-configuration").then()
                        .statusCode(200).body("issuer", equalTo(devstack.keycloak().realmUrl()))));
        // the login page's stylesheet, which Keycloak serves under its /resources: through the gateway, /auth/resources
        // (the devstack's Keycloak names its own address in its pages; a cluster's names the gateway's /auth)
        probes.put("/auth/resources", prefix -> {
            String loginPage = given().queryParam("client_id", "tickets-web").queryParam("response_type", "code")
                    .queryParam("scope", "openid").queryParam("redirect_uri", "http://localhost/callback")
                    .queryParam("code_challenge", "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM")
                    .queryParam("code_challenge_method", "S256")
                    .get("/auth/realms/tickets/protocol/openid-connect/auth").then().statusCode(200)
                    .extract().asString();
            Matcher stylesheet = Pattern.compile("\"/resources(/[^\"]+\\.css)\"").matcher(loginPage);
            assertThat(stylesheet.find()).as("the login page links a stylesheet under Keycloak's /resources").isTrue();
            given().get(prefix + stylesheet.group(1)).then().statusCode(200).contentType(containsString("text/css"));
        });
        // delivery's own API is /api/tickets and /api/deliveries: its 404 is the service's, not the gateway's
        probes.put("/api/delivery", prefix -> given().get(prefix).then().statusCode(404)
                .contentType("application/problem+json").body("detail", not(containsString("no route"))));
        probes.put("/api/tickets", prefix -> given().get(prefix + "/keys").then().statusCode(200)
                .body("keys[0].crv", equalTo("Ed25519")));
        probes.put("/api/deliveries", prefix -> given().auth().oauth2(login("alice", "alice-pass"))
                .get(prefix + "/printed").then().statusCode(403));
        // finance answers /api/finance (the caller's record) and /api/invoices
        probes.put("/api/finance", prefix -> given().get(prefix + "/me").then().statusCode(401));
        probes.put("/api/invoices", prefix -> given().auth().oauth2(login("alice", "alice-pass")).get(prefix)
                .then().statusCode(200).contentType("application/json"));
        // each service's admin prefix reaches that service: only it knows its own context
        String admin = login("admin", "admin-pass");
        for (String service : ServiceTable.names(devstack.layout())) {
            probes.put("/api/admin/" + service, prefix -> given().auth().oauth2(admin)
                    .post(prefix + "/projections/rebuild").then().statusCode(200)
                    .body("size()", org.hamcrest.Matchers.greaterThan(0)));
        }

        Map<String, String> routes = Gateway.routes(devstack.layout());
        assertThat(probes.keySet()).as("a probe for every route of deploy/services.txt and deploy/gateway/routes.txt")
                .containsExactlyInAnyOrderElementsOf(routes.keySet());
        routes.keySet().forEach(prefix -> probes.get(prefix).accept(prefix));

        given().get("/api/nothing-here").then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void every_error_the_gateway_answers_itself_is_problem_json_with_limits_set_on_purpose() {
        given().contentType(ContentType.JSON).body(new byte[2 * 1024 * 1024]).post("/api/carts").then().statusCode(413)
                .contentType("application/problem+json").body("status", equalTo(413));
        given().header("X-Oversized", "a".repeat(10_000)).get("/api/concerts").then().statusCode(400)
                .contentType("application/problem+json");
        given().urlEncodingEnabled(false).get("/api/concerts/a%00b").then().statusCode(400)
                .contentType("application/problem+json");
        given().get("/api/concerts/" + "x".repeat(5_000)).then().statusCode(414).contentType("application/problem+json");
    }

    @Test
    void a_newcomer_registers_logs_in_is_promoted_and_creates_a_concert_through_the_gateway() {
        String username = "newcomer-" + UUID.randomUUID().toString().substring(0, 8);
        String password = "newcomer-pass-1";
        Response registered = given().contentType(ContentType.JSON).body("""
                {"username":"%s","email":"%s@example.com","password":"%s","displayName":"New Comer"}"""
                .formatted(username, username, password)).post("/api/users");
        registered.then().statusCode(201).header("Location", startsWith(gateway + "/api/users/"));
        String userId = registered.path("id");

        String customerToken = login(username, password);
        assertThat(platformRoles(customerToken)).containsExactly("customer");
        given().auth().oauth2(customerToken).contentType(ContentType.JSON).body(concert())
                .post("/api/concerts").then().statusCode(403);

        String adminToken = login("admin", "admin-pass");
        given().auth().oauth2(adminToken).contentType(ContentType.JSON).body("{\"role\":\"admin\"}")
                .put("/api/users/" + userId + "/role").then().statusCode(200).body("role", equalTo("admin"));

        await().atMost(Duration.ofSeconds(30)).until(() -> platformRoles(login(username, password)).equals(Set.of("admin")));
        String promotedToken = login(username, password);
        given().auth().oauth2(promotedToken).contentType(ContentType.JSON).body(concert()).post("/api/concerts")
                .then().statusCode(201).header("Location", startsWith(gateway + "/api/concerts/"))
                .body("title", equalTo("Gateway Night"));
        given().auth().oauth2(promotedToken).get("/api/users/me").then().statusCode(200)
                .body("username", equalTo(username)).body("role", equalTo("admin"));
    }

    @Test
    void a_customer_browses_fills_a_cart_confirms_it_and_sees_the_reservation_which_expires_even_across_a_restart() {
        String admin = login("admin", "admin-pass");
        String concertId = given().auth().oauth2(admin).contentType(ContentType.JSON).body(concert()).post("/api/concerts")
                .then().statusCode(201).extract().path("id");
        given().get("/api/concerts/" + concertId).then().statusCode(200).body("title", equalTo("Gateway Night"));
        // the catalog and the capacity follow concerts.events through the relay
        await().atMost(Duration.ofSeconds(30)).until(() ->
                given().get("/api/reservations/availability/" + concertId).statusCode() == 200);

        String cartId = given().post("/api/carts").then().statusCode(201).extract().path("id");
        await().atMost(Duration.ofSeconds(30)).until(() -> given().contentType(ContentType.JSON)
                .body("{\"concertId\":\"" + concertId + "\",\"ticketLevel\":\"Regular\",\"quantity\":2}")
                .post("/api/carts/" + cartId + "/lines").statusCode() == 200);
        String alice = login("alice", "alice-pass");
        given().auth().oauth2(alice).post("/api/carts/" + cartId + "/confirmation").then().statusCode(200)
                .body("status", equalTo("CONFIRMED")).body("totalMinor", equalTo(6000));

        await().atMost(Duration.ofSeconds(30)).until(() -> given().auth().oauth2(alice).get("/api/reservations").then()
                .extract().jsonPath().getList("findAll { it.cartId == '" + cartId + "' }").size() == 1);
        assertThat(given().get("/api/reservations/availability/" + concertId).then().extract().jsonPath()
                .getInt("find { it.ticketLevel == 'Regular' }.available")).isEqualTo(48);

        // the service is down when the hold time passes; the durable timer expires it once it is back
        reservations.close();
        try {
            sleep(HOLD.plusSeconds(2));
        } finally {
            reservations.start();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> "EXPIRED".equals(given().auth().oauth2(alice)
                .get("/api/reservations").then().extract().jsonPath()
                .getString("find { it.cartId == '" + cartId + "' }.status")));
        assertThat(given().get("/api/reservations/availability/" + concertId).then().extract().jsonPath()
                .getInt("find { it.ticketLevel == 'Regular' }.available")).isEqualTo(50);
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String login(String username, String password) {
        return given().formParam("grant_type", "password").formParam("client_id", "tickets-web")
                .formParam("username", username).formParam("password", password)
                .post("/auth/realms/tickets/protocol/openid-connect/token")
                .then().statusCode(200).extract().path("access_token");
    }

    private static Set<String> platformRoles(String token) {
        String payload = new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8);
        List<String> roles = JsonPath.from(payload).getList("realm_access.roles");
        return new TreeSet<>(roles.stream().filter(r -> r.equals("admin") || r.equals("customer")).toList());
    }

    private static String concert() {
        return """
                {"title":"Gateway Night","artist":"The Proxies","venue":"Edge Hall","startsAt":"2030-09-01T20:00:00Z",
                 "ticketLevels":[{"name":"Regular","capacity":50,"priceMinor":3000,"currency":"EUR","deliveryMethod":"ONLINE"}]}""";
    }
}
