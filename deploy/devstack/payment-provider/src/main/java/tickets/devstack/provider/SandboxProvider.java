package tickets.devstack.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The sandbox provider's business: payments and refunds by idempotent request, test payment
 * methods that behave like a real provider's test cards, and a webhook for every status change.
 * It never sees a card number: clients send payment-method tokens only. State lives in memory.
 */
final class SandboxProvider {

    /** An answer to a request: its HTTP status and JSON body. */
    record Answer(int status, JsonNode body) {
    }

    /** A payment as the provider keeps it. */
    static final class Payment {
        final String id;
        final String reference;
        final long amountMinor;
        final String currency;
        final String paymentMethod;
        final String webhookUrl;
        final Instant created;
        volatile String status;
        volatile String failureCode;
        volatile long refundedMinor;
        final List<JsonNode> refunds = new ArrayList<>();

        Payment(String reference, long amountMinor, String currency, String paymentMethod, String webhookUrl) {
            this.id = "pay_" + UUID.randomUUID().toString().replace("-", "");
            this.reference = reference;
            this.amountMinor = amountMinor;
            this.currency = currency;
            this.paymentMethod = paymentMethod;
            this.webhookUrl = webhookUrl;
            this.created = Instant.now();
        }
    }

    private record Stored(String fingerprint, Answer answer) {
    }

    private final ObjectMapper json;
    private final Webhooks webhooks;
    private final Duration settleAfter;
    private final Duration hangFor;
    private final Map<String, Payment> payments = new ConcurrentHashMap<>();
    private final Map<String, Stored> idempotent = new ConcurrentHashMap<>();
    private final Map<String, Object> keyLocks = new ConcurrentHashMap<>();
    private final Map<String, Boolean> failedOnce = new ConcurrentHashMap<>();
    private final ScheduledExecutorService settler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "settle");
        thread.setDaemon(true);
        return thread;
    });

    SandboxProvider(ObjectMapper json, Webhooks webhooks, Duration settleAfter, Duration hangFor) {
        this.json = json;
        this.webhooks = webhooks;
        this.settleAfter = settleAfter;
        this.hangFor = hangFor;
    }

    /**
     * Creates a payment once per idempotency key: the same key with the same request answers the
     * same again; with another request it is refused.
     */
    Answer createPayment(String idempotencyKey, JsonNode request) {
        return idempotently("payment:" + idempotencyKey, request, () -> charge(idempotencyKey, request));
    }

    Answer refund(String idempotencyKey, String paymentId, JsonNode request) {
        ObjectNode fingerprinted = request.isObject() ? ((ObjectNode) request).deepCopy() : json.createObjectNode();
        return idempotently("refund:" + idempotencyKey, fingerprinted.put("payment", paymentId),
                () -> refundNow(paymentId, request));
    }

    Optional<Payment> payment(String id) {
        return Optional.ofNullable(payments.get(id));
    }

    /** Every payment made for a reference, oldest first (more than one would be a double charge). */
    List<Payment> byReference(String reference) {
        return payments.values().stream().filter(p -> p.reference.equals(reference))
                .sorted(java.util.Comparator.comparing((Payment p) -> p.created)).toList();
    }

    private Answer idempotently(String key, JsonNode request, java.util.function.Supplier<Answer> work) {
        String fingerprint = request.toString();
        Object lock = keyLocks.computeIfAbsent(key, k -> new Object());
        synchronized (lock) {
            Stored stored = idempotent.get(key);
            if (stored != null) {
                return stored.fingerprint().equals(fingerprint) ? stored.answer()
                        : error(422, "idempotency_error", "this Idempotency-Key was used with another request");
            }
            Answer answer = work.get();
            if (answer.status() < 500) {
                // a server error is not kept: the client retries with the same key
                idempotent.put(key, new Stored(fingerprint, answer));
            }
            return answer;
        }
    }

    private Answer charge(String idempotencyKey, JsonNode request) {
        long amount = request.path("amountMinor").asLong(-1);
        String currency = request.path("currency").asText("");
        String method = request.path("paymentMethod").asText("");
        String reference = request.path("reference").asText("");
        String webhookUrl = request.path("webhookUrl").asText(null);
        if (!request.path("amountMinor").isIntegralNumber() || amount <= 0 || !currency.matches("[A-Z]{3}")
                || reference.isBlank() || reference.length() > 200) {
            return error(400, "invalid_request", "amountMinor (a positive integer), currency and reference are required");
        }
        String outcome = switch (method) {
            case "pm_card_visa", "pm_card_mastercard" -> "succeeded";
            case "pm_card_chargeDeclined" -> "card_declined";
            case "pm_card_chargeDeclinedInsufficientFunds" -> "insufficient_funds";
            case "pm_card_processingError" -> "processing_error";
            case "pm_card_timeout" -> "timeout";
            case "pm_card_timeoutWebhookLost" -> "timeout, webhook lost";
            default -> null;
        };
        if (outcome == null) {
            return error(400, "invalid_payment_method", "no such test payment method: " + method);
        }
        if (outcome.equals("processing_error") && failedOnce.putIfAbsent(idempotencyKey, true) == null) {
            return error(500, "processing_error", "a transient error; retry with the same Idempotency-Key");
        }
        // the sandbox's way to lose a webhook: only a status query learns how the payment ended
        Payment payment = new Payment(reference, amount, currency, method,
                outcome.endsWith("webhook lost") ? null : webhookUrl);
        payments.put(payment.id, payment);
        switch (outcome) {
            case "succeeded", "processing_error" -> settle(payment, "succeeded", null);
            case "timeout", "timeout, webhook lost" -> {
                payment.status = "processing";
                settler.schedule(() -> settle(payment, "succeeded", null), settleAfter.toMillis(), TimeUnit.MILLISECONDS);
                sleep(hangFor); // longer than any sane client waits: the client times out, the payment settles later
            }
            default -> settle(payment, "declined", outcome);
        }
        return new Answer(200, view(payment));
    }

    private Answer refundNow(String paymentId, JsonNode request) {
        Payment payment = payments.get(paymentId);
        if (payment == null) {
            return error(404, "resource_missing", "no such payment: " + paymentId);
        }
        synchronized (payment) {
            if (!"succeeded".equals(payment.status)) {
                return error(400, "charge_not_refundable", "only a succeeded payment can be refunded");
            }
            long left = payment.amountMinor - payment.refundedMinor;
            long amount = request.has("amountMinor") ? request.path("amountMinor").asLong(-1) : left;
            if (amount <= 0 || amount > left) {
                return error(400, "amount_too_large", "a refund must be positive and at most " + left);
            }
            payment.refundedMinor += amount;
            ObjectNode refund = json.createObjectNode()
                    .put("id", "re_" + UUID.randomUUID().toString().replace("-", ""))
                    .put("payment", payment.id).put("amountMinor", amount).put("currency", payment.currency)
                    .put("status", "succeeded");
            payment.refunds.add(refund);
            webhooks.send(payment.webhookUrl, "refund.succeeded", refund);
            return new Answer(200, refund);
        }
    }

    private void settle(Payment payment, String status, String failureCode) {
        payment.failureCode = failureCode;
        payment.status = status;
        webhooks.send(payment.webhookUrl, status.equals("succeeded") ? "payment.succeeded" : "payment.failed",
                view(payment));
    }

    JsonNode view(Payment payment) {
        ObjectNode view = json.createObjectNode()
                .put("id", payment.id).put("reference", payment.reference).put("amountMinor", payment.amountMinor)
                .put("currency", payment.currency).put("paymentMethod", payment.paymentMethod)
                .put("status", payment.status).put("refundedMinor", payment.refundedMinor)
                .put("created", payment.created.toString());
        if (payment.failureCode != null) {
            view.put("failureCode", payment.failureCode);
        }
        view.putArray("refunds").addAll(payment.refunds);
        return view;
    }

    Answer error(int status, String code, String message) {
        ObjectNode body = json.createObjectNode();
        body.putObject("error").put("code", code).put("message", message);
        return new Answer(status, body);
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
