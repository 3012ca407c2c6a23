package tickets.payments;

import tickets.contracts.Money;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** What can happen to a payment. The amount comes from the purchase's orders, never from the client. */
public sealed interface PaymentCommand {

    UUID paymentId();

    /**
     * {@code paymentMethod}: the provider's payment-method token (never card data);
     * {@code idempotencyKey}, {@code requestFingerprint}: the client's request, to answer a repeat the same.
     */
    record InitiatePayment(UUID paymentId, UUID purchaseId, UUID userId, Money amount, List<PaidLine> lines,
                           String paymentMethod, String idempotencyKey, String requestFingerprint)
            implements PaymentCommand {
    }

    /** {@code settledBy}: which of the provider's answers told us (the charge's, a status query's, a webhook's). */
    record ConfirmPayment(UUID paymentId, String providerReference, Instant at, String settledBy) implements PaymentCommand {
    }

    record FailPayment(UUID paymentId, String reason, String settledBy) implements PaymentCommand {
    }

    /** A compensated order's amount goes back to the customer (at most once per order). */
    record RequestRefund(UUID paymentId, UUID orderId, Money amount) implements PaymentCommand {
    }

    record RecordRefund(UUID paymentId, UUID orderId, String providerRefundReference, Instant at) implements PaymentCommand {
    }
}
