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

    /** Attempt {@code attempt} of the charge went out to the provider (the same idempotency key every time). */
    record ChargeSent(UUID paymentId, int attempt, Instant at) implements PaymentEvent {
    }

    /** The provider's own id of the payment, before it settled: its later answers must name this one. */
    record ProviderPaymentNoted(UUID paymentId, String providerReference) implements PaymentEvent {
    }

    record PaymentConfirmed(UUID paymentId, UUID purchaseId, UUID userId, Money amount, String providerReference,
                            Instant at, String settledBy) implements PaymentEvent {
    }

    record PaymentFailed(UUID paymentId, UUID purchaseId, UUID userId, String reason, String settledBy)
            implements PaymentEvent {
    }

    /** The provider took the money after the payment had failed: it all goes back (a refund is requested with it). */
    record PaymentCapturedAfterFailure(UUID paymentId, UUID purchaseId, UUID userId, Money amount,
                                       String providerReference, Instant at, String settledBy) implements PaymentEvent {
    }

    record RefundRequested(UUID paymentId, UUID orderId, Money amount) implements PaymentEvent {
    }

    record PaymentRefunded(UUID paymentId, UUID purchaseId, UUID userId, UUID orderId, Money amount,
                           String providerRefundReference, Instant at) implements PaymentEvent {
    }

    record LateCaptureRefunded(UUID paymentId, UUID purchaseId, UUID userId, Money amount,
                               String providerRefundReference, Instant at) implements PaymentEvent {
    }
}
