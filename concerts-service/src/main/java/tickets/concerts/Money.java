package tickets.concerts;

import tickets.eventsourcing.ValidationException;

import java.util.Currency;

/** A non-negative amount in minor units (cents) of an ISO 4217 currency: never a floating-point number. */
public record Money(long amountMinor, String currency) {

    public Money {
        ValidationException.require(amountMinor >= 0, "price", "must not be negative");
        ValidationException.required(currency, "currency");
        ValidationException.require(currency.matches("[A-Z]{3}") && isKnown(currency), "currency",
                "must be an ISO 4217 code such as EUR");
    }

    private static boolean isKnown(String code) {
        try {
            Currency.getInstance(code);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
