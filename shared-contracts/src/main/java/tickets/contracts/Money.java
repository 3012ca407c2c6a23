package tickets.contracts;

import com.fasterxml.jackson.annotation.JsonIgnore;

import java.util.Currency;
import java.util.Objects;

/**
 * An amount of money: whole minor units (cents) of an ISO 4217 currency, never a floating-point
 * number. Bounded, so that no sum of prices a purchase can hold overflows, and with checked
 * arithmetic that refuses to mix currencies. The one money type of every context and contract.
 */
public record Money(long amountMinor, String currency) {

    /** 10^12 minor units: ten billion of a two-decimal currency, far above any purchase. */
    public static final long MAX_AMOUNT_MINOR = 1_000_000_000_000L;

    public Money {
        InvalidValue.require(currency != null && !currency.isBlank(), "currency", "is required");
        InvalidValue.require(currency.matches("[A-Z]{3}") && isIso4217(currency), "currency",
                "must be an ISO 4217 code such as EUR");
        InvalidValue.require(amountMinor >= 0, "amountMinor", "must not be negative");
        InvalidValue.require(amountMinor <= MAX_AMOUNT_MINOR, "amountMinor",
                "must be at most " + MAX_AMOUNT_MINOR + " minor units");
    }

    public static Money of(long amountMinor, String currency) {
        return new Money(amountMinor, currency);
    }

    public static Money zero(String currency) {
        return new Money(0, currency);
    }

    /** The sum; refuses another currency and a sum above {@link #MAX_AMOUNT_MINOR}. */
    public Money plus(Money other) {
        Objects.requireNonNull(other, "other");
        requireSameCurrency(other);
        return new Money(bounded(Math.addExact(amountMinor, other.amountMinor)), currency);
    }

    /** {@code quantity} times this amount (a line total); refuses a negative quantity and an overflow. */
    public Money times(int quantity) {
        InvalidValue.require(quantity >= 0, "quantity", "must not be negative");
        long product;
        try {
            product = Math.multiplyExact(amountMinor, (long) quantity);
        } catch (ArithmeticException e) {
            throw tooLarge();
        }
        return new Money(bounded(product), currency);
    }

    @JsonIgnore
    public boolean isZero() {
        return amountMinor == 0;
    }

    private void requireSameCurrency(Money other) {
        if (!currency.equals(other.currency)) {
            throw new InvalidValue("currency", "cannot combine " + currency + " with " + other.currency);
        }
    }

    private static long bounded(long amount) {
        if (amount > MAX_AMOUNT_MINOR) {
            throw tooLarge();
        }
        return amount;
    }

    private static InvalidValue tooLarge() {
        return new InvalidValue("amountMinor", "the amount would exceed " + MAX_AMOUNT_MINOR + " minor units");
    }

    private static boolean isIso4217(String code) {
        try {
            Currency.getInstance(code);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return amountMinor + " " + currency + " (minor units)";
    }
}
