package tickets.payments;

import tickets.contracts.Money;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The Payments context's domain events; each carries what its readers need. */
public sealed interface PaymentEvent {

    UUID paymentId();

    record PaymentInitiated(UUID paymentId, UUID purchaseId, UUID userId, Money amount, List<PaidLine> lines,
                            String paymentMethod, String idempotencyKey, String requestFingerprint) implements PaymentEvent {
    }

    record PaymentConfirmed(UUID paymentId, UUID purchaseId, UUID userId, Money amount, String providerReference,
                            Instant at, String settledBy) implements PaymentEvent {
    }

    record PaymentFailed(UUID paymentId, UUID purchaseId, UUID userId, String reason, String settledBy)
            implements PaymentEvent {
    }

    record RefundRequested(UUID paymentId, UUID orderId, Money amount) implements PaymentEvent {
    }

    record PaymentRefunded(UUID paymentId, UUID purchaseId, UUID userId, UUID orderId, Money amount,
                           String providerRefundReference, Instant at) implements PaymentEvent {
    }
}
