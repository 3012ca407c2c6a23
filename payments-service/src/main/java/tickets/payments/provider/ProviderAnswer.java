package tickets.payments.provider;

import tickets.contracts.Money;

/** What the provider said about a payment (or that it could not say). */
public sealed interface ProviderAnswer {

    /** The money was captured: the provider's payment, and the amount it says it took (checked against ours). */
    record Succeeded(String providerReference, Money captured) implements ProviderAnswer {
    }

    /** The provider refused the payment for the customer's reason (e.g. {@code card_declined}): final. */
    record Declined(String reason) implements ProviderAnswer {
    }

    /**
     * Sent, but not settled yet (processing), or no answer in time after the request went out: the status query
     * asks later. {@code providerReference}: the provider's payment when it said which (else null).
     */
    record Pending(String why, String providerReference) implements ProviderAnswer {
    }

    /**
     * The provider has no payment for our reference: the charge never arrived (it could not connect, say), so it
     * is sent again, with the same idempotency key.
     */
    record Unknown(String why) implements ProviderAnswer {
    }

    /** A transient failure (unreachable, 5xx, 429, a request with the same key in flight): the same request is retried. */
    record Unavailable(String why) implements ProviderAnswer {
    }

    /**
     * The provider refused our request, not the customer's payment (401, 403, a malformed request, an idempotency
     * key it says we reused): someone must look; the request is retried with growing delays meanwhile.
     */
    record Refused(int status, String code) implements ProviderAnswer {
    }
}
