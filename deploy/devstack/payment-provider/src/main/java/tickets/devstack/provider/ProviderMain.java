package tickets.devstack.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tickets.devstack.process.ParentWatch;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The sandbox payment provider as a server (an external system the platform talks to over HTTP).
 *
 * <pre>
 * POST /v1/payments                    Idempotency-Key; {amountMinor, currency, paymentMethod, reference, webhookUrl?}
 * GET  /v1/payments/{id}
 * GET  /v1/payments?reference=...      the payment made for a reference (after a timeout, say)
 * POST /v1/payments/{id}/refunds       Idempotency-Key; {amountMinor?} (the rest of the payment when absent)
 * </pre>
 *
 * Every call needs {@code Authorization: Bearer <api key>}. Arguments: {@code <port>}; environment:
 * {@code PROVIDER_API_KEY}, {@code PROVIDER_WEBHOOK_SECRET} (sandbox defaults below),
 * {@code PROVIDER_SETTLE_AFTER_MS} (when a timed-out payment settles) and
 * {@code PROVIDER_HANG_FOR_MS} (how long {@code pm_card_timeout} keeps the request open) and
 * {@code PROVIDER_BIND_ADDRESS} (loopback unless set: a pod of the Kubernetes dev overlay sets 0.0.0.0).
 */
public final class ProviderMain {

    /** Sandbox secrets, for local runs and tests only; a real provider's are configured by reference. */
    public static final String DEFAULT_API_KEY = "sk_test_tickets_sandbox";
    public static final String DEFAULT_WEBHOOK_SECRET = "whsec_tickets_sandbox";

    private static final Pattern PAYMENT = Pattern.compile("^/v1/payments/([A-Za-z0-9_]+)$");
    private static final Pattern REFUNDS = Pattern.compile("^/v1/payments/([A-Za-z0-9_]+)/refunds$");

    private final SandboxProvider provider;
    private final byte[] apiKey;
    private final ObjectMapper json;

    ProviderMain(SandboxProvider provider, String apiKey, ObjectMapper json) {
        this.provider = provider;
        this.apiKey = ("Bearer " + apiKey).getBytes(StandardCharsets.UTF_8);
        this.json = json;
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        HttpServer server = start(env("PROVIDER_BIND_ADDRESS", "127.0.0.1"), port, env("PROVIDER_API_KEY", DEFAULT_API_KEY),
                env("PROVIDER_WEBHOOK_SECRET", DEFAULT_WEBHOOK_SECRET),
                Duration.ofMillis(Long.parseLong(env("PROVIDER_SETTLE_AFTER_MS", "3000"))),
                Duration.ofMillis(Long.parseLong(env("PROVIDER_HANG_FOR_MS", "20000"))));
        // started by the launcher it ends with it; in a container (PROVIDER_WATCH_PARENT=false) standard input is
        // closed from the start and the container's runtime ends it instead
        if (Boolean.parseBoolean(env("PROVIDER_WATCH_PARENT", "true"))) {
            ParentWatch.exitWhenParentEnds(() -> server.stop(0));
        }
        System.out.println("DEVSTACK-READY payment-provider port=" + port);
        System.out.flush();
        Thread.currentThread().join();
    }

    /** Starts the provider on loopback (also used by its own tests). */
    static HttpServer start(int port, String apiKey, String webhookSecret, Duration settleAfter, Duration hangFor)
            throws IOException {
        return start("127.0.0.1", port, apiKey, webhookSecret, settleAfter, hangFor);
    }

    static HttpServer start(String bindAddress, int port, String apiKey, String webhookSecret, Duration settleAfter,
                            Duration hangFor) throws IOException {
        ObjectMapper json = new ObjectMapper();
        SandboxProvider provider = new SandboxProvider(json, new Webhooks(json, webhookSecret), settleAfter, hangFor);
        ProviderMain main = new ProviderMain(provider, apiKey, json);
        HttpServer server = HttpServer.create(new InetSocketAddress(bindAddress, port), 64);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", main::handle);
        server.start();
        return server;
    }

    private void handle(HttpExchange exchange) throws IOException {
        // closed after the answer, an error's included (a catch of the try-with-resources would run after the close)
        try (exchange) {
            answer(exchange);
        }
    }

    private void answer(HttpExchange exchange) throws IOException {
        try {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            if (path.equals("/health")) {
                respond(exchange, new SandboxProvider.Answer(200, json.createObjectNode().put("status", "up")));
                return;
            }
            if (!authorized(exchange)) {
                respond(exchange, provider.error(401, "authentication_required", "a valid API key is required"));
                return;
            }
            String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
            Matcher payment = PAYMENT.matcher(path);
            Matcher refunds = REFUNDS.matcher(path);
            SandboxProvider.Answer answer;
            if (method.equals("POST") && path.equals("/v1/payments")) {
                answer = key == null || key.isBlank() ? missingKey() : withBody(exchange, body -> provider.createPayment(key, body));
            } else if (method.equals("GET") && path.equals("/v1/payments")) {
                String reference = query(exchange, "reference");
                var found = reference == null ? java.util.List.<SandboxProvider.Payment>of() : provider.byReference(reference);
                var list = json.createObjectNode();
                var data = list.putArray("data");
                found.forEach(p -> data.add(provider.view(p)));
                answer = new SandboxProvider.Answer(200, list);
            } else if (method.equals("GET") && payment.matches()) {
                answer = provider.payment(payment.group(1)).map(p -> new SandboxProvider.Answer(200, provider.view(p)))
                        .orElseGet(() -> provider.error(404, "resource_missing", "no such payment"));
            } else if (method.equals("POST") && refunds.matches()) {
                answer = key == null || key.isBlank() ? missingKey()
                        : withBody(exchange, body -> provider.refund(key, refunds.group(1), body));
            } else {
                answer = provider.error(404, "not_found", "no such route: " + method + " " + path);
            }
            respond(exchange, answer);
        } catch (RuntimeException e) {
            e.printStackTrace();
            respond(exchange, provider.error(500, "api_error", "the sandbox failed: " + e.getMessage()));
        }
    }

    private SandboxProvider.Answer missingKey() {
        return provider.error(400, "idempotency_key_required", "an Idempotency-Key header is required");
    }

    private SandboxProvider.Answer withBody(HttpExchange exchange,
                                            java.util.function.Function<JsonNode, SandboxProvider.Answer> work)
            throws IOException {
        JsonNode body;
        try {
            body = json.readTree(exchange.getRequestBody());
        } catch (IOException e) {
            return provider.error(400, "invalid_request", "the body is not JSON");
        }
        return work.apply(body == null || body.isMissingNode() ? json.createObjectNode() : body);
    }

    private boolean authorized(HttpExchange exchange) {
        String given = exchange.getRequestHeaders().getFirst("Authorization");
        return given != null && MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), apiKey);
    }

    private static String query(HttpExchange exchange, String name) {
        String query = exchange.getRequestURI().getRawQuery();
        if (query == null) {
            return null;
        }
        for (String pair : query.split("&")) {
            String[] parts = pair.split("=", 2);
            if (parts.length == 2 && parts[0].equals(name)) {
                return URLDecoder.decode(parts[1], StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    private void respond(HttpExchange exchange, SandboxProvider.Answer answer) throws IOException {
        byte[] body = answer.body().toString().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(answer.status(), body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
