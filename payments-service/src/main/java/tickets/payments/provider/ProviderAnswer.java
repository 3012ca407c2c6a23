package tickets.payments.provider;

/** What the provider said about a payment (or that it could not say). */
public sealed interface ProviderAnswer {

    /** The money was captured. */
    record Succeeded(String providerReference) implements ProviderAnswer {
    }

    /** The provider refused the payment, for this reason (e.g. {@code card_declined}). */
    record Declined(String reason) implements ProviderAnswer {
    }

    /** Not settled yet (processing), or no answer in time: ask again later. */
    record Pending(String why) implements ProviderAnswer {
    }

    /** A transient failure: the same request, with the same idempotency key, may succeed later. */
    record Unavailable(String why) implements ProviderAnswer {
    }
}
