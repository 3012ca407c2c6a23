package tickets.payments.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import tickets.contracts.InvalidValue;
import tickets.contracts.Money;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The provider over HTTP (the sandbox locally, a real provider's test or live API in production). Tells the
 * customer's decline (HTTP 402, or a payment that says declined) from a refusal of our own request (401, 403, 409,
 * 422, a malformed request: logged as an error and counted, {@code tickets_payments_provider_refusals_total}) and
 * from a transient failure (5xx, 429, unreachable); and a request that may have arrived (no answer in time) from
 * one that cannot have (no connection).
 */
@ApplicationScoped
public class HttpPaymentProvider implements PaymentProvider {

    private static final Logger LOG = Logger.getLogger(HttpPaymentProvider.class);

    /** What a provider's id of a payment looks like; anything else never goes into a URL. */
    static final Pattern PROVIDER_ID = Pattern.compile("[A-Za-z0-9_]{1,100}");
    /** Error codes that say the customer's payment method cannot pay, whatever the HTTP status. */
    private static final Set<String> METHOD_UNUSABLE = Set.of("invalid_payment_method", "card_declined",
            "expired_card", "insufficient_funds", "incorrect_cvc", "payment_method_unactivated");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Inject
    ObjectMapper json;
    @Inject
    tickets.payments.PaymentMetrics metrics;
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
            return answer("charge", response, true);
        } catch (HttpConnectTimeoutException | ConnectException notSent) {
            // no connection, so no request: it is sent again (same key) rather than asked about
            return new ProviderAnswer.Unavailable("could not connect to the provider: " + notSent);
        } catch (HttpTimeoutException e) {
            return new ProviderAnswer.Pending("no answer within " + timeout + " (the charge may have arrived)", null);
        } catch (IOException e) {
            return new ProviderAnswer.Pending("the connection failed after the charge was sent: " + e, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new ProviderAnswer.Pending("interrupted after the charge was sent", null);
        }
    }

    @Override
    public ProviderAnswer status(String reference) {
        try {
            HttpResponse<String> response = http.send(request("/v1/payments?reference="
                    + URLEncoder.encode(reference, StandardCharsets.UTF_8)).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return answer("status query", response, false);
            }
            JsonNode found = json.readTree(response.body()).path("data");
            return found.isEmpty() ? new ProviderAnswer.Unknown("the provider has no payment for " + reference)
                    : toAnswer(found.get(0));
        } catch (IOException | RuntimeException e) {
            return new ProviderAnswer.Unavailable(e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new ProviderAnswer.Unavailable("interrupted");
        }
    }

    @Override
    public Optional<String> refund(String idempotencyKey, String providerReference, Money amount) {
        if (providerReference == null || !PROVIDER_ID.matcher(providerReference).matches()) {
            refused("refund", 0, "not a provider payment id: " + providerReference);
            return Optional.empty();
        }
        String body = json.createObjectNode().put("amountMinor", amount.amountMinor()).toString();
        try {
            HttpResponse<String> response = http.send(request("/v1/payments/"
                            + URLEncoder.encode(providerReference, StandardCharsets.UTF_8) + "/refunds")
                    .header("Idempotency-Key", idempotencyKey).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                if (response.statusCode() < 500 && response.statusCode() != 429) {
                    refused("refund", response.statusCode(), errorCode(response.body()));
                } else {
                    LOG.warnf("the provider did not refund %s yet: %d", providerReference, response.statusCode());
                }
                return Optional.empty();
            }
            String id = json.readTree(response.body()).path("id").asText("");
            return PROVIDER_ID.matcher(id).matches() ? Optional.of(id) : Optional.empty();
        } catch (IOException e) {
            LOG.warnf("the provider is not reachable for a refund of %s: %s", providerReference, e.toString());
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** An HTTP answer about a payment: the payment itself, a decline, or a refusal or failure of the request. */
    private ProviderAnswer answer(String call, HttpResponse<String> response, boolean aCharge) {
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            try {
                return toAnswer(json.readTree(response.body()));
            } catch (IOException | RuntimeException e) {
                return aCharge ? new ProviderAnswer.Pending("an unreadable answer to the charge: " + e, null)
                        : new ProviderAnswer.Unavailable("an unreadable answer: " + e);
            }
        }
        if (status >= 500 || status == 429 || status == 409) {
            // a server error, too many requests, or a request with the same key still in flight: the same again later
            return new ProviderAnswer.Unavailable("the provider answered " + status);
        }
        String code = errorCode(response.body());
        if (status == 402 || (status == 400 || status == 404) && METHOD_UNUSABLE.contains(code)) {
            return new ProviderAnswer.Declined(code.isEmpty() ? "declined" : code);
        }
        refused(call, status, code);
        return new ProviderAnswer.Refused(status, code);
    }

    private void refused(String call, int status, String code) {
        LOG.errorf("the payment provider refused our %s request (%d %s): check the provider's configuration (API key, "
                + "account) and our requests; it is retried meanwhile", call, status, code);
        metrics.refusals(call).increment();
    }

    private String errorCode(String body) {
        try {
            return json.readTree(body).path("error").path("code").asText("");
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    /** A payment object of the provider: its status, its id, and what it captured. */
    private ProviderAnswer toAnswer(JsonNode payment) {
        String id = payment.path("id").asText("");
        if (!PROVIDER_ID.matcher(id).matches()) {
            return new ProviderAnswer.Unavailable("the provider's answer names no valid payment id");
        }
        return switch (payment.path("status").asText()) {
            case "succeeded" -> {
                try {
                    yield new ProviderAnswer.Succeeded(id, Money.of(payment.path("amountMinor").asLong(-1),
                            payment.path("currency").asText("")));
                } catch (InvalidValue invalid) {
                    yield new ProviderAnswer.Unavailable("the provider's success names no valid amount: " + invalid.getMessage());
                }
            }
            case "declined", "failed" -> new ProviderAnswer.Declined(payment.path("failureCode").asText("declined"));
            default -> new ProviderAnswer.Pending("the provider says " + payment.path("status").asText(), id);
        };
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(timeout)
                .header("Authorization", "Bearer " + apiKey).header("Content-Type", "application/json");
    }
}
