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

    /**
     * The charge is about to be sent to the provider (again, with the same idempotency key, if an earlier attempt
     * may not have arrived): from now on the provider may have taken the money, whatever else happens.
     */
    record SendCharge(UUID paymentId, Instant at) implements PaymentCommand {
    }

    /** The provider accepted the charge as its payment {@code providerReference} and has not settled it yet. */
    record NoteProviderPayment(UUID paymentId, String providerReference) implements PaymentCommand {
    }

    /**
     * The provider says the money was captured. {@code settledBy}: which of its answers told us (the charge's, a
     * status query's, a webhook's); {@code captured}: the amount and currency it says it took, checked against ours.
     */
    record ConfirmPayment(UUID paymentId, String providerReference, Money captured, Instant at, String settledBy)
            implements PaymentCommand {
    }

    record FailPayment(UUID paymentId, String reason, String settledBy) implements PaymentCommand {
    }

    /** A compensated order's amount goes back to the customer (at most once per order). */
    record RequestRefund(UUID paymentId, UUID orderId, Money amount) implements PaymentCommand {
    }

    /** The provider refunded: a compensated order ({@code orderId}), or with {@code orderId} = the payment's id, a late capture. */
    record RecordRefund(UUID paymentId, UUID orderId, String providerRefundReference, Instant at) implements PaymentCommand {
    }
}
