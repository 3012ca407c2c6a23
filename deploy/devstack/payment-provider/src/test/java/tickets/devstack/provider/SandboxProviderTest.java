package tickets.devstack.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The sandbox provider behaves like a real provider's test mode: idempotent, its test cards, signed webhooks. */
class SandboxProviderTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final List<String[]> WEBHOOKS = new CopyOnWriteArrayList<>();
    private static HttpServer provider;
    private static HttpServer receiver;
    private static String base;
    private static String webhookUrl;

    @BeforeAll
    static void start() throws Exception {
        int port = freePort();
        provider = ProviderMain.start(port, "sk_test_x", "whsec_x", Duration.ofMillis(1500), Duration.ofSeconds(4));
        base = "http://127.0.0.1:" + port;
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        receiver.createContext("/hooks", exchange -> {
            WEBHOOKS.add(new String[] {exchange.getRequestHeaders().getFirst("Provider-Signature"),
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)});
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        webhookUrl = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hooks";
    }

    @AfterAll
    static void stop() {
        provider.stop(0);
        receiver.stop(0);
    }

    @Test
    void a_good_card_succeeds_once_per_key_and_the_same_key_with_another_request_is_refused() throws Exception {
        String key = UUID.randomUUID().toString();
        JsonNode first = pay(key, 4_900, "pm_card_visa", "ref-" + key).body();
        JsonNode again = pay(key, 4_900, "pm_card_visa", "ref-" + key).body();

        assertThat(first.path("status").asText()).isEqualTo("succeeded");
        assertThat(again).isEqualTo(first);
        Response other = pay(key, 5_000, "pm_card_visa", "ref-" + key);
        assertThat(other.status()).isEqualTo(422);
        assertThat(other.body().path("error").path("code").asText()).isEqualTo("idempotency_error");
    }

    @Test
    void declining_cards_decline_with_their_reason() throws Exception {
        assertThat(pay(UUID.randomUUID().toString(), 100, "pm_card_chargeDeclined", "d1").body().path("failureCode").asText())
                .isEqualTo("card_declined");
        JsonNode poor = pay(UUID.randomUUID().toString(), 100, "pm_card_chargeDeclinedInsufficientFunds", "d2").body();
        assertThat(poor.path("status").asText()).isEqualTo("declined");
        assertThat(poor.path("failureCode").asText()).isEqualTo("insufficient_funds");
    }

    @Test
    void a_processing_error_is_transient_and_a_retry_with_the_same_key_succeeds() throws Exception {
        String key = UUID.randomUUID().toString();
        assertThat(pay(key, 100, "pm_card_processingError", "p-" + key).status()).isEqualTo(500);
        assertThat(pay(key, 100, "pm_card_processingError", "p-" + key).body().path("status").asText()).isEqualTo("succeeded");
    }

    @Test
    void a_timeout_leaves_the_client_without_an_answer_and_the_payment_settles_later_with_a_signed_webhook()
            throws Exception {
        String reference = "t-" + UUID.randomUUID();
        HttpRequest request = post("/v1/payments", UUID.randomUUID().toString(), body(700, "pm_card_timeout", reference))
                .timeout(Duration.ofMillis(500)).build();
        assertThatThrownBy(() -> HTTP.send(request, HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(HttpTimeoutException.class);

        JsonNode pending = get("/v1/payments?reference=" + reference).path("data").get(0);
        assertThat(pending.path("status").asText()).isEqualTo("processing");
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!get("/v1/payments/" + pending.path("id").asText()).path("status").asText().equals("succeeded")) {
            assertThat(System.nanoTime()).isLessThan(deadline);
            Thread.sleep(100);
        }
        String[] webhook = awaitWebhook(pending.path("id").asText());
        String[] signature = webhook[0].split(",");
        String timestamp = signature[0].substring(2);
        assertThat(signature[1]).isEqualTo("v1=" + hmac("whsec_x", timestamp + "." + webhook[1]));
        assertThat(JSON.readTree(webhook[1]).path("type").asText()).isEqualTo("payment.succeeded");
    }

    @Test
    void a_refund_is_idempotent_and_never_more_than_was_captured() throws Exception {
        String id = pay(UUID.randomUUID().toString(), 1_000, "pm_card_visa", "r").body().path("id").asText();
        String key = UUID.randomUUID().toString();
        JsonNode refund = send(post("/v1/payments/" + id + "/refunds", key, "{\"amountMinor\":600}").build()).body();
        assertThat(send(post("/v1/payments/" + id + "/refunds", key, "{\"amountMinor\":600}").build()).body())
                .isEqualTo(refund);
        Response tooMuch = send(post("/v1/payments/" + id + "/refunds", UUID.randomUUID().toString(),
                "{\"amountMinor\":600}").build());
        assertThat(tooMuch.status()).isEqualTo(400);
        assertThat(send(post("/v1/payments/" + id + "/refunds", UUID.randomUUID().toString(), "{}").build()).body()
                .path("amountMinor").asLong()).isEqualTo(400);
        assertThat(get("/v1/payments/" + id).path("refundedMinor").asLong()).isEqualTo(1_000);
    }

    @Test
    void without_the_api_key_or_an_idempotency_key_nothing_happens() throws Exception {
        HttpRequest anonymous = HttpRequest.newBuilder(URI.create(base + "/v1/payments")).header("Idempotency-Key", "k")
                .POST(HttpRequest.BodyPublishers.ofString(body(1, "pm_card_visa", "a"))).build();
        assertThat(send(anonymous).status()).isEqualTo(401);
        assertThat(send(post("/v1/payments", "", body(1, "pm_card_visa", "a")).build()).status()).isEqualTo(400);
        assertThat(pay(UUID.randomUUID().toString(), 100, "4242424242424242", "card-number").status()).isEqualTo(400);
    }

    private record Response(int status, JsonNode body) {
    }

    private static Response pay(String key, long amount, String method, String reference) throws Exception {
        return send(post("/v1/payments", key, body(amount, method, reference)).build());
    }

    private static String body(long amount, String method, String reference) {
        return """
                {"amountMinor":%d,"currency":"EUR","paymentMethod":"%s","reference":"%s","webhookUrl":"%s"}"""
                .formatted(amount, method, reference, webhookUrl);
    }

    private static HttpRequest.Builder post(String path, String key, String body) {
        return HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer sk_test_x")
                .header("Idempotency-Key", key).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
    }

    private static JsonNode get(String path) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer sk_test_x").build())
                .body();
    }

    private static Response send(HttpRequest request) throws Exception {
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        return new Response(response.statusCode(), JSON.readTree(response.body()));
    }

    private static String[] awaitWebhook(String paymentId) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            for (String[] webhook : WEBHOOKS) {
                if (webhook[1].contains(paymentId) && webhook[1].contains("payment.succeeded")) {
                    return webhook;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no webhook for " + paymentId);
    }

    private static String hmac(String secret, String payload) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(payload.getBytes(StandardCharsets.UTF_8)));
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
