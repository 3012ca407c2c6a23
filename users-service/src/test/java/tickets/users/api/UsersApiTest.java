package tickets.users.api;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tickets.devstack.Devstack;
import tickets.testkit.AuthorizationMatrix;
import tickets.testkit.InjectDevstack;
import tickets.testkit.TestDatabase;
import tickets.users.Role;
import tickets.users.UserCommand.Profile;
import tickets.users.identity.KeycloakAccounts;
import tickets.users.identity.Reconciler;
import tickets.users.identity.RegistrationsInFlight;
import tickets.eventsourcing.CommandContext;
import tickets.eventsourcing.timers.DueWork;
import tickets.users.Registration;
import tickets.users.identity.KeycloakRoleSync;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;

/** Users against the real Keycloak: registration, login, roles, isolation, and Keycloak failing in between. */
@QuarkusTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class UsersApiTest {

    private static final String PROBLEM_JSON = "application/problem+json";
    /** Every password a test sends; none may appear in a log line or a table. */
    private static final List<String> PASSWORDS_USED = new ArrayList<>();
    private static final List<String> TOKENS_SEEN = new ArrayList<>();

    @InjectDevstack
    Devstack devstack;
    @Inject
    Reconciler reconciler;
    @Inject
    DueWork dueWork;
    @Inject
    Registration registration;
    @Inject
    KeycloakAccounts accounts;
    @Inject
    RegistrationsInFlight inFlight;

    @Test
    @Order(-2)
    void the_realms_own_users_are_known_right_after_start_with_their_realm_role() {
        // Keycloak imported the realm (admin, alice, bob) just before the service started: the accounts are seconds old
        // and no registration is creating them, so the reconciler run at start records them; until it has, the service
        // is not ready. No test has run the reconciler yet.
        await().atMost(Duration.ofSeconds(30)).until(() -> "UP".equals(given().get("/q/health/ready").then().extract()
                .jsonPath().getString("checks.find { it.name == 'keycloak accounts' }.status")));

        given().auth().oauth2(login("admin", "admin-pass")).get("/api/users/me").then().statusCode(200)
                .body("username", equalTo("admin")).body("role", equalTo("admin"));
        given().auth().oauth2(login("alice", "alice-pass")).get("/api/users/me").then().statusCode(200)
                .body("username", equalTo("alice")).body("role", equalTo("customer"));
    }

    @Test
    @Order(-1)
    void the_last_admin_rule_counts_the_realms_admin_so_one_of_two_admins_may_be_demoted_but_not_the_last() {
        await().atMost(Duration.ofSeconds(30)).until(() -> "UP".equals(given().get("/q/health/ready").then().extract()
                .jsonPath().getString("checks.find { it.name == 'keycloak accounts' }.status")));
        String admin = login("admin", "admin-pass");
        String adminId = given().auth().oauth2(admin).get("/api/users/me").then().statusCode(200).extract().path("id");
        Registered erin = register("second-admin");
        given().auth().oauth2(admin).contentType(ContentType.JSON).body("{\"role\":\"admin\"}")
                .put("/api/users/" + erin.id + "/role").then().statusCode(200).body("role", equalTo("admin"));

        // two admins: the realm's and erin; demoting one of them leaves one
        given().auth().oauth2(admin).contentType(ContentType.JSON).body("{\"role\":\"customer\"}")
                .put("/api/users/" + erin.id + "/role").then().statusCode(200).body("role", equalTo("customer"));
        // the realm's admin is the last one now
        given().auth().oauth2(admin).contentType(ContentType.JSON).body("{\"role\":\"customer\"}")
                .put("/api/users/" + adminId + "/role").then().statusCode(409).contentType(PROBLEM_JSON)
                .body("detail", containsString("last admin"));
        given().auth().oauth2(admin).get("/api/users/" + adminId).then().statusCode(200).body("role", equalTo("admin"));
        assertThat(platformRoles(login("admin", "admin-pass"))).containsExactly("admin");
    }

    @Test
    @Order(1)
    void a_visitor_registers_logs_in_as_a_customer_and_reads_their_profile() throws Exception {
        Registered alice = register("reg");

        String token = login(alice.username, alice.password);
        assertThat(platformRoles(token)).containsExactly("customer");
        given().auth().oauth2(token).get("/api/users/me").then().statusCode(200)
                .body("id", equalTo(alice.id)).body("username", equalTo(alice.username)).body("role", equalTo("customer"))
                .body("$", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasKey("password")));

        assertThat(query("select event_type from events where stream_id = ?", UUID.fromString(alice.id)))
                .containsExactly("UserRegistered");
        assertThat(query("select type from outbox where aggregateid = ?", alice.id)).containsExactly("UserRegistered");
        assertThat(accounts.countByUsername(alice.username)).isEqualTo(1);
        assertThat(query("select count(*) from registration_in_flight where username = ?", alice.username))
                .as("the registration's note that it is running").containsExactly("0");
        assertNoTableContains(alice.password);
    }

    @Test
    @Order(2)
    void a_username_or_email_taken_is_409_and_a_weak_password_is_400_with_keycloaks_reason() {
        Registered first = register("dup");
        given().contentType(ContentType.JSON).body(registration(first.username, "other-" + first.email, "a-good-pass-1"))
                .post("/api/users").then().statusCode(409).contentType(PROBLEM_JSON);
        given().contentType(ContentType.JSON).body(registration("other-" + first.username, first.email, "a-good-pass-1"))
                .post("/api/users").then().statusCode(409).contentType(PROBLEM_JSON);

        String weak = unique("weak");
        given().contentType(ContentType.JSON).body(registration(weak, weak + "@example.com", "short"))
                .post("/api/users").then().statusCode(400).contentType(PROBLEM_JSON)
                .body("detail", containsString("password"));
        PASSWORDS_USED.add("short");
        assertThat(accounts.countByUsername(weak)).isZero();
        assertThat(query("select username from user_view where username = ?", weak)).isEmpty();
    }

    @Test
    @Order(3)
    void invalid_registrations_are_400() {
        given().contentType(ContentType.JSON).body("{\"username\":\"x\"}").post("/api/users")
                .then().statusCode(400).contentType(PROBLEM_JSON);
        given().contentType(ContentType.JSON).body(registration("valid-name", "not-an-email", "a-good-pass-1"))
                .post("/api/users").then().statusCode(400).body("detail", containsString("email"));
        given().contentType(ContentType.JSON).body(registration("valid-name", "v@example.com", null))
                .post("/api/users").then().statusCode(400).body("detail", containsString("password"));
        given().contentType(ContentType.JSON).body("{").post("/api/users").then().statusCode(400)
                .contentType(PROBLEM_JSON);
    }

    @Test
    @Order(4)
    void an_admin_promotes_a_customer_whose_next_token_carries_admin_only() {
        Registered bob = register("promo");
        String admin = login("admin", "admin-pass");

        given().auth().oauth2(admin).contentType(ContentType.JSON).body("{\"role\":\"admin\"}")
                .put("/api/users/" + bob.id + "/role").then().statusCode(200).body("role", equalTo("admin"))
                .header("ETag", equalTo("W/\"2\""));

        assertThat(platformRoles(login(bob.username, bob.password))).containsExactly("admin");
        given().auth().oauth2(admin).contentType(ContentType.JSON).body("{\"role\":\"customer\"}")
                .put("/api/users/" + bob.id + "/role").then().statusCode(200).body("role", equalTo("customer"));
        assertThat(platformRoles(login(bob.username, bob.password))).containsExactly("customer");
        assertThat(query("select event_type from events where stream_id = ? order by stream_version",
                UUID.fromString(bob.id))).containsExactly("UserRegistered", "UserRoleUpdated", "UserRoleUpdated");
    }

    @Test
    @Order(5)
    void the_last_admin_cannot_be_demoted() {
        Registered carol = register("last");
        String seededAdmin = login("admin", "admin-pass");
        given().auth().oauth2(seededAdmin).contentType(ContentType.JSON).body("{\"role\":\"admin\"}")
                .put("/api/users/" + carol.id + "/role").then().statusCode(200);
        String carolAdmin = login(carol.username, carol.password);

        // carol demotes every other admin, then cannot demote herself
        List<String> otherAdmins = given().auth().oauth2(carolAdmin).get("/api/users?size=100").then().statusCode(200)
                .extract().jsonPath().getList("items.findAll { it.role == 'admin' && it.id != '" + carol.id + "' }.id");
        try {
            for (String other : otherAdmins) {
                given().auth().oauth2(carolAdmin).contentType(ContentType.JSON).body("{\"role\":\"customer\"}")
                        .put("/api/users/" + other + "/role").then().statusCode(200);
            }
            given().auth().oauth2(carolAdmin).contentType(ContentType.JSON).body("{\"role\":\"customer\"}")
                    .put("/api/users/" + carol.id + "/role").then().statusCode(409).contentType(PROBLEM_JSON)
                    .body("detail", containsString("last admin"));
        } finally {
            for (String other : otherAdmins) {
                given().auth().oauth2(carolAdmin).contentType(ContentType.JSON).body("{\"role\":\"admin\"}")
                        .put("/api/users/" + other + "/role").then().statusCode(200);
            }
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> platformRoles(login("admin", "admin-pass")).contains("admin"));
    }

    @Test
    @Order(6)
    void each_endpoint_answers_anonymous_customer_other_customer_and_admin_as_specified() {
        Registered owner = register("owner");
        Registered other = register("other");
        String ownerToken = login(owner.username, owner.password);
        String otherToken = login(other.username, other.password);
        String admin = login("admin", "admin-pass");

        AuthorizationMatrix.forCallers(ownerToken, otherToken, admin)
                .row("GET /api/users/me", r -> r.get("/api/users/me"), 401, 200, 200, 200)
                .row("GET /api/users/{owner}", r -> r.get("/api/users/" + owner.id), 401, 200, 403, 200)
                .row("GET /api/users", r -> r.get("/api/users"), 401, 403, 403, 200)
                .row("PUT /api/users/{owner}/role", r -> r.body("{\"role\":\"customer\"}")
                        .put("/api/users/" + owner.id + "/role"), 401, 403, 403, 200)
                .row("POST /api/users", r -> {
                    String username = unique("matrix");
                    String password = "matrix-pass-" + username.length();
                    PASSWORDS_USED.add(password);
                    return r.body(registration(username, username + "@example.com", password)).post("/api/users");
                }, 201, 201, 201, 201)
                .row("POST /api/admin/users/projections/rebuild", r -> r.post("/api/admin/users/projections/rebuild"),
                        401, 403, 403, 200)
                .verify();
    }

    @Test
    @Order(7)
    void with_keycloak_down_registration_is_a_clear_503_and_a_role_change_waits_then_both_converge() throws Throwable {
        Registered dave = register("down");
        String admin = login("admin", "admin-pass");
        String username = unique("retry");
        String body = registration(username, username + "@example.com", "retry-pass-1");
        PASSWORDS_USED.add("retry-pass-1");

        devstack.keycloak().close();
        try {
            given().contentType(ContentType.JSON).body(body).post("/api/users").then().statusCode(503)
                    .contentType(PROBLEM_JSON).header("Retry-After", equalTo("5"))
                    .body("detail", containsString("nothing was changed"));
            // the event store leads for roles: the change is recorded and waits for Keycloak
            given().auth().oauth2(admin).contentType(ContentType.JSON).body("{\"role\":\"admin\"}")
                    .put("/api/users/" + dave.id + "/role").then().statusCode(200).body("role", equalTo("admin"));
            assertThat(pendingRoleSyncs()).contains(UUID.fromString(dave.id));
        } finally {
            devstack.keycloak().start();
        }
        assertThat(query("select username from user_view where username = ?", username)).isEmpty();

        given().contentType(ContentType.JSON).body(body).post("/api/users").then().statusCode(201);
        assertThat(accounts.countByUsername(username)).isEqualTo(1);
        assertThat(query("select username from user_view where username = ?", username)).containsExactly(username);
        await().atMost(Duration.ofSeconds(60)).until(() -> pendingRoleSyncs().isEmpty());
        assertThat(platformRoles(login(dave.username, dave.password))).containsExactly("admin");
    }

    @Test
    @Order(8)
    void an_account_left_in_keycloak_by_an_interrupted_registration_is_recorded_once() throws Throwable {
        String username = unique("orphan");
        // what a crash between the Keycloak write and the event-store write leaves behind
        UUID id = accounts.create(new Profile(username, username + "@example.com", "Orphan Account"), "orphan-pass-1");
        PASSWORDS_USED.add("orphan-pass-1");

        // seconds old, but no registration is creating it: recorded at once
        int first = VertxContextSupport.subscribeAndAwait(() -> reconciler.reconcile());
        int second = VertxContextSupport.subscribeAndAwait(() -> reconciler.reconcile());

        assertThat(first).isGreaterThanOrEqualTo(1);
        assertThat(second).isZero();
        assertThat(query("select event_type from events where stream_id = ?", id)).containsExactly("UserRegistered");
        given().contentType(ContentType.JSON).body(registration(username, username + "@example.com", "orphan-pass-2"))
                .post("/api/users").then().statusCode(409);
        PASSWORDS_USED.add("orphan-pass-2");
    }

    @Test
    @Order(9)
    void the_reconciler_leaves_an_account_to_its_registration_in_flight_which_never_deletes_a_recorded_account()
            throws Throwable {
        String username = unique("race");
        Profile profile = new Profile(username, username + "@example.com", "Race Condition");
        // a registration notes itself, then its first write: Keycloak creates the account
        UUID registrationId = UUID.randomUUID();
        VertxContextSupport.subscribeAndAwait(() -> inFlight.begin(registrationId, username));
        UUID id = accounts.create(profile, "race-pass-1");
        PASSWORDS_USED.add("race-pass-1");

        // a reconciler run now leaves that account to its registration
        VertxContextSupport.subscribeAndAwait(() -> reconciler.reconcile());
        assertThat(query("select count(*) from events where stream_id = ?", id)).containsExactly("0");

        // one that runs once the registration is older than the grace period (its process died) records it,
        // and forgets the registration
        VertxContextSupport.subscribeAndAwait(() -> reconciler.reconcile(Duration.ZERO));
        assertThat(query("select count(*) from events where stream_id = ?", id)).containsExactly("1");
        assertThat(query("select count(*) from registration_in_flight where username = ?", username)).containsExactly("0");

        // the registration's append, had it gone on, now conflicts: the account the event store holds must survive
        var result = VertxContextSupport.subscribeAndAwait(() -> registration.record(id, profile,
                CommandContext.ofRequest(null, null)));
        assertThat(result.state().id()).isEqualTo(id);
        assertThat(accounts.countByUsername(username)).isEqualTo(1);
        assertThat(platformRoles(login(username, "race-pass-1"))).containsExactly("customer");
        assertThat(query("select count(*) from events where stream_id = ?", id)).containsExactly("1");
    }

    @Test
    @Order(10)
    void ordinary_display_names_are_kept_exactly_and_keycloaks_refusals_name_the_right_field() {
        for (String displayName : List.of("Tom & Jerry", "AC/DC fan (since 1979)", "Zoë \"Z\" O'Brien-Smith")) {
            String username = unique("name");
            String password = "pw-" + UUID.randomUUID().toString().substring(0, 12);
            PASSWORDS_USED.add(password);
            String id = given().contentType(ContentType.JSON).body("""
                    {"username":"%s","email":"%s@example.com","password":"%s","displayName":"%s"}"""
                    .formatted(username, username, password, displayName.replace("\"", "\\\"")))
                    .post("/api/users").then().statusCode(201).extract().path("id");
            given().auth().oauth2(login(username, password)).get("/api/users/me").then().statusCode(200)
                    .body("id", equalTo(id)).body("displayName", equalTo(displayName));
        }
        // addresses Keycloak refuses are refused here first, as the e-mail (not the password)
        for (String email : List.of("a..b@example.com", ".a@example.com", "a.@example.com", "a@exa_mple.com",
                "a@-example.com", "x".repeat(65) + "@example.com")) {
            String username = unique("mail");
            given().contentType(ContentType.JSON).body(registration(username, email, "a-good-pass-1")).post("/api/users")
                    .then().statusCode(400).contentType(PROBLEM_JSON).body("errors[0].field", equalTo("email"));
            assertThat(accounts.countByUsername(username)).isZero();
        }
        // a weak password is still the password's fault
        String weak = unique("weak");
        given().contentType(ContentType.JSON).body(registration(weak, weak + "@example.com", "short")).post("/api/users")
                .then().statusCode(400).body("errors[0].field", equalTo("password"));
    }

    @Test
    @Order(100)
    void no_password_or_token_appears_in_any_log_line() throws Exception {
        Path log = Path.of("target/users-service-test.log");
        assertThat(log).exists();
        String lines = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(lines).contains("users-service"); // the log is the service's, and it is not empty
        for (String password : PASSWORDS_USED) {
            assertThat(lines).as("a password in the log").doesNotContain(password);
        }
        for (String token : TOKENS_SEEN) {
            assertThat(lines).as("a token in the log").doesNotContain(token.substring(token.length() - 40));
        }
        assertThat(lines).as("a JWT in the log").doesNotContainPattern("eyJ[A-Za-z0-9_-]{10,}\\.eyJ");
    }

    // --- helpers ---------------------------------------------------------------------------------

    private record Registered(String id, String username, String email, String password) {
    }

    private Registered register(String prefix) {
        String username = unique(prefix);
        String email = username + "@example.com";
        String password = "pw-" + UUID.randomUUID().toString().substring(0, 12);
        PASSWORDS_USED.add(password);
        String id = given().contentType(ContentType.JSON).body(registration(username, email, password))
                .post("/api/users").then().statusCode(201)
                .header("Location", matchesPattern(".*/api/users/[0-9a-f-]{36}$"))
                .body("role", equalTo("customer")).body("username", equalTo(username))
                .extract().path("id");
        return new Registered(id, username, email, password);
    }

    private static String registration(String username, String email, String password) {
        return """
                {"username":"%s","email":"%s","displayName":"Test User",%s}""".formatted(username, email,
                password == null ? "\"nopassword\":true" : "\"password\":\"" + password + "\"");
    }

    private String login(String username, String password) {
        String token = given().formParam("grant_type", "password").formParam("client_id", "tickets-web")
                .formParam("username", username).formParam("password", password)
                .post(devstack.keycloak().realmUrl() + "/protocol/openid-connect/token")
                .then().statusCode(200).extract().path("access_token");
        TOKENS_SEEN.add(token);
        return token;
    }

    private static Set<String> platformRoles(String token) {
        String payload = new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8);
        List<String> roles = JsonPath.from(payload).getList("realm_access.roles");
        return new java.util.TreeSet<>(roles.stream().filter(r -> r.equals("admin") || r.equals("customer")).toList());
    }

    private List<UUID> pendingRoleSyncs() {
        return new TestDatabase(devstack, "users").column("select stream_id from due_work where kind = ?",
                KeycloakRoleSync.KIND).stream().map(UUID::fromString).toList();
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private List<String> query(String sql, Object param) {
        return new TestDatabase(devstack, "users").column(sql, param);
    }

    private void assertNoTableContains(String secret) {
        for (String table : List.of("events", "outbox", "user_view", "processed_messages", "due_work")) {
            assertThat(query("select count(*) from " + table + " t where t::text like ?", "%" + secret + "%"))
                    .as("password stored in " + table).containsExactly("0");
        }
    }
}
