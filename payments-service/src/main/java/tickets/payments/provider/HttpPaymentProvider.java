package tickets.payments.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import tickets.contracts.Money;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/** The provider over HTTP (the sandbox locally, a real provider's test or live API in production). */
@ApplicationScoped
public class HttpPaymentProvider implements PaymentProvider {

    private static final Logger LOG = Logger.getLogger(HttpPaymentProvider.class);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Inject
    ObjectMapper json;
    @ConfigProperty(name = "tickets.payments.provider.url")
    String baseUrl;
    @ConfigProperty(name = "tickets.payments.provider.api-key")
    String apiKey;
    @ConfigProperty(name = "tickets.payments.provider.timeout")
    Duration timeout;
    @ConfigProperty(name = "tickets.payments.webhook-url")
    String webhookUrl;

    @Override
    public ProviderAnswer charge(String idempotencyKey, String reference, Money amount, String paymentMethod) {
        String body = json.createObjectNode().put("amountMinor", amount.amountMinor()).put("currency", amount.currency())
                .put("paymentMethod", paymentMethod).put("reference", reference).put("webhookUrl", webhookUrl).toString();
        try {
            HttpResponse<String> response = http.send(request("/v1/payments").header("Idempotency-Key", idempotencyKey)
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 500) {
                return new ProviderAnswer.Unavailable("the provider answered " + response.statusCode());
            }
            JsonNode answer = json.readTree(response.body());
            if (response.statusCode() >= 400) {
                return new ProviderAnswer.Declined(answer.path("error").path("code").asText("refused"));
            }
            return toAnswer(answer);
        } catch (HttpTimeoutException e) {
            return new ProviderAnswer.Pending("no answer within " + timeout);
        } catch (IOException e) {
            return new ProviderAnswer.Unavailable(e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new ProviderAnswer.Unavailable("interrupted");
        }
    }

    @Override
    public ProviderAnswer status(String reference) {
        try {
            HttpResponse<String> response = http.send(request("/v1/payments?reference="
                    + URLEncoder.encode(reference, StandardCharsets.UTF_8)).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return new ProviderAnswer.Unavailable("the provider answered " + response.statusCode());
            }
            JsonNode found = json.readTree(response.body()).path("data");
            return found.isEmpty() ? new ProviderAnswer.Pending("the provider has no payment for it yet")
                    : toAnswer(found.get(0));
        } catch (IOException e) {
            return new ProviderAnswer.Unavailable(e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new ProviderAnswer.Unavailable("interrupted");
        }
    }

    @Override
    public Optional<String> refund(String idempotencyKey, String providerReference, Money amount) {
        String body = json.createObjectNode().put("amountMinor", amount.amountMinor()).toString();
        try {
            HttpResponse<String> response = http.send(request("/v1/payments/" + providerReference + "/refunds")
                    .header("Idempotency-Key", idempotencyKey).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                LOG.warnf("the provider did not refund %s yet: %d", providerReference, response.statusCode());
                return Optional.empty();
            }
            return Optional.of(json.readTree(response.body()).path("id").asText());
        } catch (IOException e) {
            LOG.warnf("the provider is not reachable for a refund of %s: %s", providerReference, e.toString());
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private ProviderAnswer toAnswer(JsonNode payment) {
        return switch (payment.path("status").asText()) {
            case "succeeded" -> new ProviderAnswer.Succeeded(payment.path("id").asText());
            case "declined", "failed" -> new ProviderAnswer.Declined(payment.path("failureCode").asText("declined"));
            default -> new ProviderAnswer.Pending("the provider says " + payment.path("status").asText());
        };
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(timeout)
                .header("Authorization", "Bearer " + apiKey).header("Content-Type", "application/json");
    }
}
