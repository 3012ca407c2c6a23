package tickets.contracts.payments;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * What the Payments context publishes on {@code payments.events}: one payment per purchase, its
 * amount the sum of the purchase's orders. Never a card number or a provider secret.
 */
public sealed interface PaymentsIntegrationEvent {

    int SCHEMA_VERSION = 1;

    UUID purchaseId();

    /** A line paid for (finance invoices it). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Line(UUID orderId, UUID concertId, String ticketLevel, int quantity, long unitPriceMinor) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record PaymentInitiated(UUID paymentId, UUID purchaseId, UUID userId, long amountMinor, String currency,
                            List<Line> lines) implements PaymentsIntegrationEvent {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record PaymentConfirmed(UUID paymentId, UUID purchaseId, UUID userId, long amountMinor, String currency,
                            String providerReference, Instant confirmedAt) implements PaymentsIntegrationEvent {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record PaymentFailed(UUID paymentId, UUID purchaseId, UUID userId, String reason) implements PaymentsIntegrationEvent {
    }

    /**
     * The provider took the money of a payment that had been recorded as failed (its success arrived after a
     * decline, or after the purchase ended and the payment was failed without a charge): the whole amount is
     * refunded ({@link LateCaptureRefunded}); nothing is sold for it.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record PaymentCapturedAfterFailure(UUID paymentId, UUID purchaseId, UUID userId, long amountMinor, String currency,
                                       String providerReference, Instant capturedAt) implements PaymentsIntegrationEvent {
    }

    /** The money of a {@link PaymentCapturedAfterFailure} is back with the customer. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record LateCaptureRefunded(UUID paymentId, UUID purchaseId, UUID userId, long amountMinor, String currency,
                               String providerRefundReference, Instant refundedAt) implements PaymentsIntegrationEvent {
    }

    /** {@code orderId}: the compensated order this refund is for. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record PaymentRefunded(UUID paymentId, UUID purchaseId, UUID userId, UUID orderId, long amountMinor, String currency,
                           String providerRefundReference, Instant refundedAt) implements PaymentsIntegrationEvent {
    }
}
