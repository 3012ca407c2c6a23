package tickets.payments.provider;

import tickets.contracts.Money;

import java.util.Optional;

/**
 * The port to the payment provider (an external system). Blocking: call through {@code Blocking}, and never
 * with a database transaction open. Every call that changes something carries an idempotency key derived from
 * our own ids, so a retry or a restart can never charge or refund twice.
 */
public interface PaymentProvider {

    /** Charges {@code amount} with a payment-method token; {@code reference} is our payment id. */
    ProviderAnswer charge(String idempotencyKey, String reference, Money amount, String paymentMethod);

    /** The provider's view of the payment made for {@code reference}, if it has one ({@link ProviderAnswer.Unknown} if not). */
    ProviderAnswer status(String reference);

    /**
     * Refunds {@code amount} of the provider's captured payment {@code providerReference} (an id it gave us, checked
     * before it goes into a URL); the provider's refund reference, or empty when it did not refund (yet).
     */
    Optional<String> refund(String idempotencyKey, String providerReference, Money amount);
}
