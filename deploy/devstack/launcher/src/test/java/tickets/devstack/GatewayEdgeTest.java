package tickets.devstack;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The gateway's edge on the real nginx, in front of a stub for every service that answers with what it received:
 * rate limits per client address, security headers, CORS for the storefront, and X-Forwarded-* from the gateway only.
 */
class GatewayEdgeTest {

    private static final String STOREFRONT = "https://shop.example.com";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Map<String, String> LAST_FORWARDED = new ConcurrentHashMap<>();
    private static final ConcurrentLinkedQueue<String> RECEIVED = new ConcurrentLinkedQueue<>();

    private static HttpServer upstream;
    private static Gateway gateway;
    private static Path work;

    @BeforeAll
    static void startTheGatewayInFrontOfAStub() throws IOException {
        assumeTrue(Gateway.nginx().isPresent(), "nginx is not installed (apt-get install nginx)");
        upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        upstream.createContext("/", exchange -> {
            try (exchange) {
                RECEIVED.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath());
                for (String header : List.of("X-Forwarded-For", "X-Forwarded-Host", "X-Forwarded-Proto", "Forwarded", "X-Real-IP",
                        "X-Forwarded-Port", "X-Forwarded-Prefix")) {
                    LAST_FORWARDED.put(header, String.valueOf(exchange.getRequestHeaders().getFirst(header)));
                }
                if (exchange.getRequestURI().getPath().startsWith("/realms/")) {  // /auth/... arrives at Keycloak as /...
                    // as Keycloak frames its own login pages: the gateway keeps a service's own header
                    exchange.getResponseHeaders().set("X-Frame-Options", "SAMEORIGIN");
                }
                byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(exchange.getRequestMethod().equals("POST") ? 201 : 200, body.length);
                exchange.getResponseBody().write(body);
            }
        });
        upstream.start();
        String stub = "http://127.0.0.1:" + upstream.getAddress().getPort();
        Map<String, String> upstreams = new HashMap<>();
        for (String target : List.of("users", "payments", "concerts", "keycloak")) {
            upstreams.put(target, stub);
        }
        work = Files.createTempDirectory("gateway-edge");
        gateway = new Gateway(ProjectLayout.locate(), Ports.free(), upstreams, work.resolve("state"), work.resolve("logs"),
                new Gateway.EdgePolicy(true, Optional.of(STOREFRONT)));
        gateway.start();
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
        if (upstream != null) {
            upstream.stop(0);
        }
    }

    @Test
    void registrations_from_one_address_are_limited_to_the_burst_then_answered_429_as_problem_json() throws Exception {
        List<Integer> statuses = new ArrayList<>();
        // every spelling the service answers alike counts against the same limit
        List<String> spellings = List.of("/api/users", "/api/users/", "//api//users", "/api/users//");
        for (int i = 0; i < 30; i++) {
            statuses.add(send("POST", spellings.get(i % spellings.size()), Map.of("Content-Type", "application/json"), "{}").statusCode());
        }
        long through = statuses.stream().filter(status -> status == 201).count();
        assertThat(through).as("the burst (20), and perhaps one more refilled meanwhile").isBetween(20L, 22L);
        assertThat(statuses.subList(23, 30)).containsOnly(429);

        HttpResponse<String> refused = send("POST", "/api/users", Map.of(), "{}");
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(refused.headers().firstValue("Retry-After")).hasValue("60");
        assertThat(refused.body()).contains("\"status\":429");
        assertThat(refused.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");

        // reading is not limited, nor is another route's POST
        for (int i = 0; i < 30; i++) {
            assertThat(send("GET", "/api/users/me", Map.of(), null).statusCode()).isEqualTo(200);
            assertThat(send("POST", "/api/concerts", Map.of(), "{}").statusCode()).isEqualTo(201);
        }
    }

    @Test
    void logins_are_limited_but_the_payment_providers_webhooks_are_not() throws Exception {
        int refused = 0;
        // as a password guesser would try: a trailing slash, a matrix parameter, doubled slashes, the login form
        List<String> spellings = List.of("/auth/realms/tickets/protocol/openid-connect/token",
                "/auth/realms/tickets/protocol/openid-connect/token/", "/auth/realms/tickets/protocol/openid-connect/token;a=b",
                "/auth/realms/tickets//protocol/openid-connect/token", "/auth/realms/tickets/login-actions/authenticate/");
        for (int i = 0; i < 45; i++) {
            if (send("POST", spellings.get(i % spellings.size()), Map.of(), "grant_type=password").statusCode() == 429) {
                refused++;
            }
        }
        assertThat(refused).as("45 logins against a burst of 30").isBetween(13, 15);
        for (int i = 0; i < 45; i++) {
            assertThat(send("POST", "/api/payments/webhooks/provider", Map.of(), "{}").statusCode()).isEqualTo(201);
        }
    }

    @Test
    void every_answer_carries_the_security_headers_and_a_services_own_frame_policy_is_kept() throws Exception {
        HttpResponse<String> proxied = send("GET", "/api/concerts", Map.of(), null);
        assertThat(proxied.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(proxied.headers().firstValue("X-Frame-Options")).hasValue("DENY");
        assertThat(proxied.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
        assertThat(proxied.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp -> assertThat(csp).contains("frame-ancestors 'none'"));

        HttpResponse<String> ownError = send("GET", "/nowhere", Map.of(), null);
        assertThat(ownError.statusCode()).isEqualTo(404);
        assertThat(ownError.headers().firstValue("X-Frame-Options")).hasValue("DENY");

        HttpResponse<String> keycloak = send("GET", "/auth/realms/tickets/account", Map.of(), null);
        assertThat(keycloak.headers().allValues("X-Frame-Options")).containsExactly("SAMEORIGIN");
    }

    /** Only the tickets realm and the login pages' resources of Keycloak are public: not its admin console or master realm. */
    @Test
    void keycloak_is_public_for_the_tickets_realm_only() throws Exception {
        RECEIVED.clear();
        assertThat(send("GET", "/auth/realms/tickets/.well-known/openid-configuration", Map.of(), null).statusCode())
                .isEqualTo(200);
        assertThat(send("GET", "/auth/resources/abc/login/keycloak.v2/css/styles.css", Map.of(), null).statusCode())
                .isEqualTo(200);
        assertThat(RECEIVED).containsExactly("GET /realms/tickets/.well-known/openid-configuration",
                "GET /resources/abc/login/keycloak.v2/css/styles.css");
        for (String hidden : List.of("/auth/admin/master/console/", "/auth/admin/realms/tickets/users",
                "/auth/realms/master/protocol/openid-connect/token", "/auth/", "/auth/realms/ticketsx/account",
                "/auth/realms/tickets/../master/account")) {
            HttpResponse<String> answer = send("GET", hidden, Map.of(), null);
            assertThat(answer.statusCode()).as(hidden).isIn(400, 404);
            assertThat(answer.headers().firstValue("Content-Type")).as(hidden).hasValue("application/problem+json");
        }
        assertThat(RECEIVED).as("nothing else reached Keycloak").hasSize(2);
    }

    @Test
    void the_storefront_origin_may_call_the_api_from_a_browser_and_no_other_origin_may() throws Exception {
        HttpResponse<String> preflight = send("OPTIONS", "/api/concerts", Map.of("Origin", STOREFRONT,
                "Access-Control-Request-Method", "POST", "Access-Control-Request-Headers", "authorization, if-match"), null);
        assertThat(preflight.statusCode()).isEqualTo(204);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).hasValue(STOREFRONT);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Methods")).hasValueSatisfying(m -> assertThat(m).contains("POST"));
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Headers")).hasValueSatisfying(h ->
                assertThat(h).contains("Authorization").contains("If-Match").contains("Idempotency-Key"));

        HttpResponse<String> read = send("GET", "/api/concerts", Map.of("Origin", STOREFRONT), null);
        assertThat(read.headers().firstValue("Access-Control-Allow-Origin")).hasValue(STOREFRONT);
        assertThat(read.headers().firstValue("Access-Control-Expose-Headers")).hasValueSatisfying(h -> assertThat(h).contains("ETag"));

        HttpResponse<String> foreignPreflight = send("OPTIONS", "/api/concerts", Map.of("Origin", "https://evil.example.com",
                "Access-Control-Request-Method", "POST"), null);
        assertThat(foreignPreflight.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        assertThat(foreignPreflight.headers().firstValue("Access-Control-Allow-Methods")).isEmpty();
        HttpResponse<String> foreignRead = send("GET", "/api/concerts", Map.of("Origin", "https://evil.example.com"), null);
        assertThat(foreignRead.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    @Test
    void what_a_client_says_in_forwarded_headers_never_reaches_a_service() throws Exception {
        HttpResponse<String> answer = send("GET", "/api/concerts", Map.of("X-Forwarded-For", "203.0.113.66",
                "X-Forwarded-Host", "evil.example.com", "X-Forwarded-Proto", "https", "Forwarded", "for=203.0.113.66;host=evil.example.com",
                "X-Forwarded-Port", "443", "X-Forwarded-Prefix", "/evil"), null);
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(LAST_FORWARDED.get("X-Forwarded-For")).isEqualTo("127.0.0.1");
        assertThat(LAST_FORWARDED.get("X-Real-IP")).isEqualTo("127.0.0.1");
        assertThat(LAST_FORWARDED.get("X-Forwarded-Host")).isEqualTo(URI.create(gateway.baseUrl()).getAuthority());
        assertThat(LAST_FORWARDED.get("X-Forwarded-Proto")).isEqualTo("http");
        assertThat(LAST_FORWARDED.get("Forwarded")).isEqualTo("null");
        assertThat(LAST_FORWARDED.get("X-Forwarded-Port")).isEqualTo("null");
        assertThat(LAST_FORWARDED.get("X-Forwarded-Prefix")).isEqualTo("null");

        // nor what it says in Host: the services build their links from the gateway's own address
        URI base = URI.create(gateway.baseUrl());
        try (java.net.Socket socket = new java.net.Socket(base.getHost(), base.getPort())) {
            socket.getOutputStream().write(("GET /api/concerts HTTP/1.1\r\nHost: evil.example.com\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            String status = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1).lines().findFirst().orElse("");
            assertThat(status).startsWith("HTTP/1.1 200");
        }
        assertThat(LAST_FORWARDED.get("X-Forwarded-Host")).isEqualTo(base.getAuthority());
    }

    private static HttpResponse<String> send(String method, String path, Map<String, String> headers, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway.baseUrl() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
