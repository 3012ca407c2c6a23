package tickets.payments.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import tickets.eventsourcing.CommandContext;
import tickets.eventsourcing.CommandHandler;
import tickets.eventsourcing.ExpectedVersion;
import tickets.eventsourcing.ValidationException;
import tickets.payments.PaymentAggregate;
import tickets.payments.PaymentCommand.ConfirmPayment;
import tickets.payments.PaymentCommand.FailPayment;
import tickets.payments.PaymentRules.PaymentNotFound;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.UUID;

/**
 * The provider's webhooks: verified over the raw body (HMAC-SHA256 of {@code t.body} with the
 * webhook secret), refused outside the replay window, applied once per provider event id. A
 * webhook and the status query settle a pending payment alike; whichever comes second changes nothing.
 * A webhook must name the provider's payment the payment was given and the amount and currency asked for
 * (else 409, applied never); a success for a payment that had failed is refunded in full.
 */
@Path("/api/payments/webhooks/provider")
@Tag(name = "Payments")
public class ProviderWebhookResource {

    static final String SIGNATURE_HEADER = "Provider-Signature";
    /** What a provider's payment id looks like (the same rule as the provider client's). */
    private static final java.util.regex.Pattern PROVIDER_ID = java.util.regex.Pattern.compile("[A-Za-z0-9_]{1,100}");

    @Inject
    ObjectMapper json;
    @Inject
    CommandHandler commands;
    @Inject
    PaymentAggregate payments;
    @Inject
    tickets.payments.PaymentMetrics metrics;
    @ConfigProperty(name = "tickets.payments.provider.webhook-secret")
    String secret;
    @ConfigProperty(name = "tickets.payments.webhook-tolerance")
    Duration tolerance;

    @POST
    @PermitAll
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Response> receive(String rawBody, @HeaderParam(SIGNATURE_HEADER) String signature) {
        verify(signature, rawBody);
        JsonNode event;
        try {
            event = json.readTree(rawBody);
        } catch (Exception e) {
            throw new ValidationException("the webhook body is not JSON");
        }
        String eventId = event.path("id").asText("");
        String type = event.path("type").asText("");
        JsonNode payment = event.path("data").path("object");
        ValidationException.require(!eventId.isBlank(), "id", "a webhook event has an id");
        return Panache.withTransaction(() -> Panache.getSession().chain(session -> session.createNativeQuery(
                                "insert into provider_webhook (event_id) values (:id) on conflict do nothing")
                        .setParameter("id", eventId).executeUpdate())
                .chain(fresh -> fresh == 0 ? Uni.createFrom().voidItem() : apply(type, payment, eventId)))
                .replaceWith(Response.noContent().build());
    }

    private Uni<Void> apply(String type, JsonNode payment, String eventId) {
        if (!type.equals("payment.succeeded") && !type.equals("payment.failed")) {
            return Uni.createFrom().voidItem(); // refunds are recorded when the refund call returns
        }
        UUID paymentId;
        try {
            paymentId = UUID.fromString(payment.path("reference").asText());
        } catch (IllegalArgumentException e) {
            throw new PaymentNotFound(payment.path("reference").asText());
        }
        String providerPayment = payment.path("id").asText("");
        ValidationException.require(PROVIDER_ID.matcher(providerPayment).matches(), "data.object.id",
                "a webhook names the provider's payment");
        tickets.contracts.Money captured;
        try {
            captured = tickets.contracts.Money.of(payment.path("amountMinor").asLong(-1), payment.path("currency").asText(""));
        } catch (tickets.contracts.InvalidValue invalid) {
            throw new ValidationException("the webhook's payment has no valid amount and currency: " + invalid.getMessage());
        }
        CommandContext context = new CommandContext("provider:" + eventId, "provider-webhook:" + eventId, null);
        return commands.read(payments, paymentId).chain(existing -> {
            if (existing.version() == 0) {
                throw new PaymentNotFound(paymentId);
            }
            // in the purchase's saga, so the command takes the purchase's lock, then reads the payment again
            CommandContext correlated = context.correlatedWith(existing.state().purchaseId());
            return (type.equals("payment.succeeded")
                    ? commands.handle(payments, paymentId, ExpectedVersion.ANY,
                            new ConfirmPayment(paymentId, providerPayment, captured, Instant.now(), "webhook"), correlated)
                    : commands.handle(payments, paymentId, ExpectedVersion.ANY,
                            new FailPayment(paymentId, payment.path("failureCode").asText("declined"), "webhook"),
                            correlated))
                    .replaceWithVoid()
                    .onFailure(tickets.payments.PaymentRules.ProviderAnswerMismatch.class)
                    .invoke(mismatch -> metrics.mismatches().increment());
        });
    }

    /** A 401 unless the header carries a fresh timestamp and our HMAC of {@code t.body}. */
    private void verify(String header, String body) {
        if (header == null || body == null) {
            throw new io.quarkus.security.UnauthorizedException();
        }
        String timestamp = null;
        String given = null;
        for (String part : header.split(",")) {
            String[] pair = part.trim().split("=", 2);
            if (pair.length == 2 && pair[0].equals("t")) {
                timestamp = pair[1];
            } else if (pair.length == 2 && pair[0].equals("v1")) {
                given = pair[1];
            }
        }
        long at;
        try {
            at = Long.parseLong(timestamp == null ? "" : timestamp);
        } catch (NumberFormatException e) {
            throw new io.quarkus.security.UnauthorizedException();
        }
        byte[] expected = hmac(timestamp + "." + body).getBytes(StandardCharsets.UTF_8);
        if (given == null || !MessageDigest.isEqual(expected, given.getBytes(StandardCharsets.UTF_8))) {
            throw new io.quarkus.security.UnauthorizedException();
        }
        if (Math.abs(Instant.now().getEpochSecond() - at) > tolerance.toSeconds()) {
            throw new ValidationException("the webhook is outside the replay window");
        }
    }

    private String hmac(String payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(payload.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
