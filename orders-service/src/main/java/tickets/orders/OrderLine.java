package tickets.orders;

import tickets.contracts.Money;
import tickets.eventsourcing.ValidationException;

/** {@code quantity} tickets of one level at the price the cart was confirmed with. */
public record OrderLine(String ticketLevel, int quantity, long unitPriceMinor) {

    public OrderLine {
        ValidationException.required(ticketLevel, "ticketLevel");
        ValidationException.require(quantity > 0, "quantity", "must be at least 1");
        ValidationException.require(unitPriceMinor >= 0, "unitPriceMinor", "must not be negative");
    }

    public Money total(String currency) {
        return Money.of(unitPriceMinor, currency).times(quantity);
    }
}
