package tickets.orders;

import tickets.contracts.ShippingAddress;
import tickets.eventsourcing.ValidationException;

import java.util.List;
import java.util.UUID;

/** What can happen to a ticket order. Its stream id derives from its reservation, one order per hold. */
public sealed interface OrderCommand {

    UUID orderId();

    record CreateOrder(UUID orderId, UUID purchaseId, UUID reservationId, UUID userId, UUID concertId,
                       List<OrderLine> lines, String currency, int ordersInPurchase, ShippingAddress shippingAddress)
            implements OrderCommand {
        public CreateOrder {
            ValidationException.require(lines != null && !lines.isEmpty(), "lines", "an order has at least one line");
            lines = List.copyOf(lines);
        }
    }

    /**
     * {@code soldReservationId}: the reservation whose confirmed sale completes the order (the evidence);
     * {@code concertCancelled}: what orders knows of the concert when the sale arrives (read under its lock).
     */
    record CompleteOrder(UUID orderId, UUID soldReservationId, boolean concertCancelled) implements OrderCommand {
    }

    /** The order ends unsold: nothing was paid for it. */
    record CancelOrder(UUID orderId, String reason) implements OrderCommand {
    }

    /** The order can no longer stand after it was paid for: it ends compensated (refund, tickets revoked). */
    record CompensateOrder(UUID orderId, String reason) implements OrderCommand {
    }
}
