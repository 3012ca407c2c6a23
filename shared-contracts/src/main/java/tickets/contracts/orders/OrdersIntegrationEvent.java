package tickets.contracts.orders;

import tickets.contracts.MayBeAbsent;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import tickets.contracts.Money;
import tickets.contracts.ShippingAddress;

import java.util.List;
import java.util.UUID;

/**
 * What the Orders context publishes on {@code orders.events}. {@code purchaseId} is the cart id:
 * the saga's correlation. One order per reservation (one per concert); the purchase ends once.
 */
public sealed interface OrdersIntegrationEvent {

    int SCHEMA_VERSION = 1;

    UUID purchaseId();

    /** A priced line of an order. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Line(String ticketLevel, int quantity, long unitPriceMinor) {
    }

    /** How a purchase ended. */
    enum Outcome { COMPLETED, CANCELLED, REJECTED }

    /** {@code ordersInPurchase}: how many orders the purchase will have (one per hold of the cart). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record OrderCreated(UUID orderId, UUID purchaseId, UUID reservationId, UUID userId, UUID concertId, List<Line> lines,
                        long totalMinor, String currency, int ordersInPurchase) implements OrdersIntegrationEvent {

        @JsonIgnore
        public Money total() {
            return Money.of(totalMinor, currency);
        }
    }

    /**
     * The order's tickets are sold: delivery may begin. {@code shippingAddress}: the one given at
     * cart confirmation, for printed tickets (null when none was needed).
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record OrderCompleted(UUID orderId, UUID purchaseId, UUID reservationId, UUID userId, UUID concertId,
                          List<Line> lines, long totalMinor, String currency, @MayBeAbsent ShippingAddress shippingAddress)
            implements OrdersIntegrationEvent {
    }

    /**
     * The order ended unsold, or ({@code compensated}) after the customer paid for it: then its
     * amount is refunded and its tickets are revoked.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record OrderCancelled(UUID orderId, UUID purchaseId, UUID reservationId, UUID userId, UUID concertId,
                          long totalMinor, String currency, String reason, boolean compensated)
            implements OrdersIntegrationEvent {
    }

    /** The purchase ended, exactly once: the customer may start another. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record PurchaseEnded(UUID purchaseId, UUID userId, Outcome outcome, String reason) implements OrdersIntegrationEvent {
    }
}
