package tickets.contracts.carts;

import tickets.contracts.MayBeAbsent;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import tickets.contracts.Money;
import tickets.contracts.ShippingAddress;

import java.util.List;
import java.util.UUID;

/** What the Carts context publishes on {@code carts.events}: the confirmed purchase that starts the saga. */
public sealed interface CartsIntegrationEvent {

    int SCHEMA_VERSION = 1;

    UUID cartId();

    /** A priced line: {@code quantity} tickets of one level of one concert at {@code unitPriceMinor} each. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Line(UUID concertId, String ticketLevel, int quantity, long unitPriceMinor) {
    }

    /**
     * The customer confirmed the cart: prices were fixed from the catalog at this moment.
     * {@code shippingAddress}: where printed tickets go; present when a line is of a PRINTED level
     * (null otherwise, and from producers before it was added).
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record CartConfirmed(UUID cartId, UUID userId, List<Line> lines, long totalMinor, String currency,
                         @MayBeAbsent ShippingAddress shippingAddress) implements CartsIntegrationEvent {

        /** The total as the platform's one money type. */
        @JsonIgnore
        public Money total() {
            return Money.of(totalMinor, currency);
        }
    }
}
