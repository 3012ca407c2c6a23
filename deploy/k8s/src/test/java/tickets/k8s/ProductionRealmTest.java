package tickets.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tickets.devstack.Devstack;
import tickets.devstack.KeycloakServer;
import tickets.devstack.Ports;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The production realm as the Keycloak operator imports it (the prod overlay's KeycloakRealmImport, under another
 * name beside the devstack's realm), on a real Keycloak: nobody logs in with a password grant, a password guesser
 * at the login form locks the account for a while, an admin needs a one-time code, and a weak password is refused.
 */
class ProductionRealmTest {

    private static final String REALM = "tickets-production";
    /** A test's stand-in for the Secret tickets-service-client the operator puts in the placeholder. */
    private static final String SERVICE_SECRET = "test-only-" + UUID.randomUUID();
    private static final Pattern LOGIN_FORM = Pattern.compile("<form[^>]*id=\"kc-form-login\"[^>]*action=\"([^\"]+)\"");

    private static Devstack devstack;
    private static KeycloakServer keycloak;

    @BeforeAll
    static void startKeycloakWithTheProductionRealm() throws IOException {
        ObjectNode realm = Manifests.get(Manifests.built("prod"), "KeycloakRealmImport", "tickets-realm")
                .path("spec").path("realm").deepCopy();
        realm.put("realm", REALM);
        Path file = Files.createTempDirectory("production-realm").resolve(REALM + "-realm.json");
        Files.writeString(file, Manifests.JSON.writeValueAsString(realm).replace("${TICKETS_SERVICE_CLIENT_SECRET}", SERVICE_SECRET));
        devstack = Devstack.forTests();
        keycloak = devstack.startKeycloak(Ports.free(), Ports.free(), List.of(file));
    }

    @AfterAll
    static void stop() {
        if (devstack != null) {
            devstack.close();
        }
    }

    @Test
    void no_client_of_the_realm_takes_a_password_directly() throws Exception {
        for (String client : List.of("tickets-web", "admin-cli")) {
            HttpResponse<String> refused = token(REALM, Map.of("grant_type", "password", "client_id", client,
                    "username", "anyone", "password", "anything"));
            assertThat(refused.statusCode()).as(client).isIn(400, 401);
            assertThat(Manifests.JSON.readTree(refused.body()).path("error").asText()).as(client).isEqualTo("unauthorized_client");
        }
        // the devstack's realm, for contrast, does (the README's walkthrough logs in so)
        HttpResponse<String> devstackLogin = token(KeycloakServer.REALM, Map.of("grant_type", "password",
                "client_id", "tickets-web", "username", "alice", "password", "alice-pass"));
        assertThat(devstackLogin.statusCode()).isEqualTo(200);
    }

    @Test
    void a_password_guesser_at_the_login_form_locks_the_account_for_a_while() throws Exception {
        String serviceToken = serviceToken();
        String username = "guess-target-" + UUID.randomUUID().toString().substring(0, 8);
        String password = "Correct-horse-" + UUID.randomUUID();
        String userId = createUser(serviceToken, username, password);

        assertThat(formLogin(username, password)).as("the right password, before any guess").isTrue();
        for (int guess = 0; guess < 10; guess++) {
            assertThat(formLogin(username, "wrong-" + guess)).isFalse();
        }
        assertThat(formLogin(username, password)).as("the right password, right after ten wrong ones").isFalse();

        HttpResponse<String> status = send(HttpRequest.newBuilder(URI.create(keycloak.baseUrl() + "/admin/realms/" + REALM
                        + "/attack-detection/brute-force/users/" + userId))
                .header("Authorization", "Bearer " + serviceToken).GET().build(), newClient());
        assertThat(status.statusCode()).isEqualTo(200);
        JsonNode lock = Manifests.JSON.readTree(status.body());
        assertThat(lock.path("disabled").asBoolean()).as(status.body()).isTrue();
        assertThat(lock.path("numFailures").asInt()).isPositive();
    }

    @Test
    void an_admin_sets_up_a_one_time_code_before_any_token_and_a_customer_logs_in_with_the_password_alone() throws Exception {
        String serviceToken = serviceToken();
        String admin = "admin-" + UUID.randomUUID().toString().substring(0, 8);
        String customer = "customer-" + UUID.randomUUID().toString().substring(0, 8);
        String password = "Correct-horse-" + UUID.randomUUID();
        String adminId = createUser(serviceToken, admin, password);
        createUser(serviceToken, customer, password);
        HttpResponse<String> role = send(HttpRequest.newBuilder(URI.create(keycloak.baseUrl() + "/admin/realms/" + REALM
                + "/roles/admin")).header("Authorization", "Bearer " + serviceToken).GET().build(), newClient());
        assertThat(role.statusCode()).as(role.body()).isEqualTo(200);
        HttpResponse<String> granted = send(HttpRequest.newBuilder(URI.create(keycloak.baseUrl() + "/admin/realms/" + REALM
                        + "/users/" + adminId + "/role-mappings/realm")).header("Authorization", "Bearer " + serviceToken)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("[" + role.body() + "]"))
                .build(), newClient());
        assertThat(granted.statusCode()).as(granted.body()).isEqualTo(204);

        assertThat(formLogin(customer, password)).as("a customer: the password is enough").isTrue();
        HttpResponse<String> adminAnswer = loginAnswer(admin, password);
        assertThat(adminAnswer.statusCode()).as("an admin gets no code for a token, only the next step: "
                + adminAnswer.headers().firstValue("Location")).isEqualTo(200);
        assertThat(adminAnswer.body()).as("the one-time code's setup page").contains("kc-totp-settings")
                .contains("name=\"totp\"");
    }

    @Test
    void the_password_policy_refuses_a_short_password_and_one_that_is_the_user_name_or_e_mail() throws Exception {
        String serviceToken = serviceToken();
        String username = "policy-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> refusals = Map.of(
                "Eleven-char", "invalidPasswordMinLengthMessage",
                username, "invalidPasswordNotUsernameMessage",
                username + "@example.org", "invalidPasswordNotEmailMessage");
        for (var refused : refusals.entrySet()) {
            HttpResponse<String> answer = createUserAnswer(serviceToken, username, refused.getKey());
            assertThat(answer.statusCode()).as(refused.getKey() + ": " + answer.body()).isEqualTo(400);
            assertThat(answer.body()).as(refused.getKey()).contains(refused.getValue());
        }
        assertThat(createUserAnswer(serviceToken, username, "twelve-chars").statusCode()).as("12 characters are enough")
                .isEqualTo(201);
    }

    private static String createUser(String serviceToken, String username, String password) throws Exception {
        HttpResponse<String> created = createUserAnswer(serviceToken, username, password);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return created.headers().firstValue("Location").orElseThrow().replaceAll(".*/", "");
    }

    private static HttpResponse<String> createUserAnswer(String serviceToken, String username, String password) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(keycloak.baseUrl() + "/admin/realms/" + REALM + "/users"))
                .header("Authorization", "Bearer " + serviceToken).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Manifests.JSON.writeValueAsString(Map.of("username", username,
                        "enabled", true, "email", username + "@example.org", "emailVerified", true, "firstName", "Test",
                        "lastName", "User", "credentials", List.of(Map.of("type", "password", "value", password,
                                "temporary", false)))))).build(), newClient());
    }

    /** One login through the realm's login form as a browser does it (authorization code with PKCE): true if it let the user in. */
    private static boolean formLogin(String username, String password) throws Exception {
        HttpResponse<String> answer = loginAnswer(username, password);
        boolean admitted = answer.statusCode() == 302
                && answer.headers().firstValue("Location").orElse("").startsWith("https://tickets.example.com/callback?")
                && answer.headers().firstValue("Location").orElse("").contains("code=");
        assertThat(admitted || answer.statusCode() == 200).as("a login page again when refused: " + answer.statusCode() + " "
                + answer.headers().map() + " " + answer.body().replaceAll("\\s+", " ").replaceAll(".*<body", "<body")).isTrue();
        return admitted;
    }

    /** Keycloak's answer to the login form's post: a redirect with a code, or the next page. */
    private static HttpResponse<String> loginAnswer(String username, String password) throws Exception {
        HttpClient browser = newClient();  // a fresh browser: no single sign-on session from the attempt before
        String authorize = keycloak.baseUrl() + "/realms/" + REALM + "/protocol/openid-connect/auth?" + form(Map.of(
                "client_id", "tickets-web", "response_type", "code", "scope", "openid",
                "redirect_uri", "https://tickets.example.com/callback",
                "code_challenge", "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM", "code_challenge_method", "S256"));
        HttpResponse<String> page = send(HttpRequest.newBuilder(URI.create(authorize)).GET().build(), browser);
        assertThat(page.statusCode()).isEqualTo(200);
        Matcher action = LOGIN_FORM.matcher(page.body());
        assertThat(action.find()).as("the login form").isTrue();
        // the login session's cookies, sent back as a browser would (Java's cookie store will not hand a cookie of
        // "localhost", a host without a dot, back to it)
        String cookies = page.headers().allValues("Set-Cookie").stream().map(cookie -> cookie.split(";", 2)[0])
                .collect(Collectors.joining("; "));
        HttpResponse<String> answer = send(HttpRequest.newBuilder(URI.create(action.group(1).replace("&amp;", "&")))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Cookie", cookies)
                .POST(HttpRequest.BodyPublishers.ofString(form(Map.of("username", username, "password", password,
                        "credentialId", "")))).build(), browser);
        // a next step Keycloak redirects to (a required action) is followed, as a browser would, with the session's cookies
        for (int hop = 0; hop < 3 && answer.statusCode() == 302
                && answer.headers().firstValue("Location").orElse("").startsWith(keycloak.baseUrl()); hop++) {
            cookies = cookies + answer.headers().allValues("Set-Cookie").stream().map(cookie -> "; " + cookie.split(";", 2)[0])
                    .collect(Collectors.joining());
            answer = send(HttpRequest.newBuilder(URI.create(answer.headers().firstValue("Location").orElseThrow()))
                    .header("Cookie", cookies).GET().build(), browser);
        }
        return answer;
    }

    /** The platform's service account, signing in with the secret the placeholder was given. */
    private static String serviceToken() throws Exception {
        HttpResponse<String> token = token(REALM, Map.of("grant_type", "client_credentials", "client_id", "tickets-service",
                "client_secret", SERVICE_SECRET));
        assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
        return Manifests.JSON.readTree(token.body()).path("access_token").asText();
    }

    private static HttpResponse<String> token(String realm, Map<String, String> fields) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(keycloak.baseUrl() + "/realms/" + realm + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(fields))).build(), newClient());
    }

    private static HttpClient newClient() {
        return HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    }

    private static HttpResponse<String> send(HttpRequest request, HttpClient client) throws Exception {
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static String form(Map<String, String> fields) {
        return fields.entrySet().stream().map(field -> URLEncoder.encode(field.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(field.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
    }
}
