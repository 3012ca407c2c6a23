package tickets.devstack.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Sends each event to the payment's webhook URL, signed like real providers do: the header
 * {@code Provider-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">}. A delivery that
 * fails is retried with growing delays (a few times, as a sandbox).
 */
final class Webhooks {

    static final String SIGNATURE_HEADER = "Provider-Signature";
    private static final int ATTEMPTS = 6;

    private final ObjectMapper json;
    private final byte[] secret;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ScheduledExecutorService sender = Executors.newScheduledThreadPool(2, runnable -> {
        Thread thread = new Thread(runnable, "webhooks");
        thread.setDaemon(true);
        return thread;
    });

    Webhooks(ObjectMapper json, String secret) {
        this.json = json;
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
    }

    void send(String url, String type, JsonNode object) {
        if (url == null || url.isBlank()) {
            return;
        }
        ObjectNode event = json.createObjectNode()
                .put("id", "evt_" + UUID.randomUUID().toString().replace("-", ""))
                .put("type", type)
                .put("created", Instant.now().getEpochSecond());
        event.putObject("data").set("object", object);
        String body = event.toString();
        sender.execute(() -> deliver(url, body, 1));
    }

    private void deliver(String url, String body, int attempt) {
        long timestamp = Instant.now().getEpochSecond();
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5))
                    .header("Content-Type", "application/json")
                    .header(SIGNATURE_HEADER, "t=" + timestamp + ",v1=" + sign(timestamp + "." + body))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build();
            int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status >= 200 && status < 300) {
                return;
            }
            System.out.println("webhook to " + url + " answered " + status + " (attempt " + attempt + ")");
        } catch (Exception e) {
            System.out.println("webhook to " + url + " failed: " + e + " (attempt " + attempt + ")");
        }
        if (attempt < ATTEMPTS) {
            sender.schedule(() -> deliver(url, body, attempt + 1), 500L << attempt, TimeUnit.MILLISECONDS);
        }
    }

    String sign(String payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(payload.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
